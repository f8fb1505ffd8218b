package io.microlith.component;

import io.microlith.Microlith;
import io.microlith.MicrolithConfig;
import io.microlith.bus.CommandBus;
import io.microlith.bus.Dispatched;
import io.microlith.bus.Envelope;
import io.microlith.consumer.BrokerTransport;
import io.microlith.consumer.ParkedMessage;
import io.microlith.consumer.RetryPolicy;
import io.microlith.entity.Accounts.Account;
import io.microlith.entity.Accounts.AccountCommand;
import io.microlith.entity.Accounts.AccountEvent;
import io.microlith.entity.Accounts.Deposit;
import io.microlith.entity.Accounts.Deposited;
import io.microlith.entity.Accounts.Withdraw;
import io.microlith.entity.Accounts.WithdrawalRejected;
import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.store.DuplicateMessageIdException;
import io.microlith.store.MessageStore;
import io.microlith.store.memory.InMemoryMessageStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A component built with {@code inline()}: commands decided on the sender's thread, stored with their outcome (decision 0074). */
class InlineComponentTest {
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);
    private static final StreamName ACCOUNT_1 = StreamName.of("account-1");
    private static final StreamName COMMANDS_1 = StreamName.of("account:command-1");

    private final InMemoryMessageStore store = new InMemoryMessageStore();
    /** Every call of {@code decide}, inline or by the consumer. */
    private final AtomicInteger decisions = new AtomicInteger();
    private Microlith microlith;
    private int maxConflicts = 3;
    private Boundary<AccountCommand, Account, AccountEvent> boundary;

    @AfterEach
    void close() {
        if (microlith != null) {
            microlith.close();
        }
    }

    /** A Microlith on {@link #store} with the accounts component subscribed inline, deciding with {@code decide}; not started. */
    private CommandBus inlineAccounts(BiFunction<AccountCommand, Account, List<AccountEvent>> decide,
                                      Consumer<MicrolithConfig> configure) {
        microlith = Microlith.create(config -> {
            config.store(store)
                    .route(AccountCommand.class, "account:command", AccountCommand::accountId)
                    .route(AccountEvent.class, "account", AccountEvent::accountId)
                    .consumers(c -> c.retry(RetryPolicy.backoff(2, Duration.ofMillis(1), Duration.ofMillis(1))));
            configure.accept(config);
        });
        var builder = microlith.component(Decider.of(Account.NEW, (AccountCommand command, Account account) -> {
                    decisions.incrementAndGet();
                    return decide.apply(command, account);
                }, Account::apply))
                .commands(AccountCommand.class, AccountCommand::accountId)
                .entities(AccountEvent.class)
                .maxConflicts(maxConflicts);
        if (boundary != null) {
            builder.boundary(boundary);
        }
        builder.inline().subscribe();
        return microlith.commandBus();
    }

    private CommandBus inlineAccounts() {
        return inlineAccounts(Account::decide, config -> {
        });
    }

    private List<Message> stream(StreamName stream) {
        return store.readStream(stream, 0);
    }

    private io.microlith.consumer.Consumer accountCommandsConsumer() {
        return microlith.consumers().stream().filter(c -> c.category().equals("account:command")).findFirst().orElseThrow();
    }

    @Nested
    class ARequest {
        @Test
        void returns_the_decided_event_with_no_consumer_running() {
            CommandBus commands = inlineAccounts();

            AccountEvent outcome = commands.request(new Withdraw("1", 50), AccountEvent.class, FIVE_SECONDS);

            assertThat(outcome).isEqualTo(new WithdrawalRejected("1", 50, "insufficient funds"));
            assertThat(decisions).hasValue(1);
        }

        @Test
        void stores_the_command_its_events_and_its_replies_in_one_write() {
            CommandBus commands = inlineAccounts();
            var deposit = Envelope.correlated((AccountCommand) new Deposit("1", 30))
                    .withReplyStreamName(StreamName.of("web:reply-9"));

            commands.request(deposit, Deposited.class, FIVE_SECONDS);

            Message command = stream(COMMANDS_1).getFirst();
            Message event = stream(ACCOUNT_1).getFirst();
            Message reply = stream(StreamName.of("web:reply-9")).getFirst();
            assertThat(command.id()).isEqualTo(deposit.id());
            assertThat(command.metadata().handledInline()).isTrue();
            assertThat(List.of(command.globalPosition(), event.globalPosition(), reply.globalPosition()))
                    .as("one write: command, events, replies, nothing between").containsExactly(1L, 2L, 3L);
            assertThat(event.metadata().causation().messageId()).isEqualTo(command.id());
            assertThat(event.metadata().causation().streamName()).isEqualTo(COMMANDS_1);
            assertThat(event.correlationId()).isEqualTo(deposit.correlationId());
            assertThat(event.metadata().handledInline()).as("the mark is the command's only").isFalse();
            assertThat(reply.type()).isEqualTo("Deposited");
        }

        @Test
        void of_a_decision_to_write_nothing_stores_the_command_alone_marked() {
            CommandBus commands = inlineAccounts();

            Dispatched dispatched = commands.dispatch(new Deposit("1", 0));

            assertThat(dispatched.streamName()).isEqualTo(COMMANDS_1);
            assertThat(stream(COMMANDS_1)).singleElement()
                    .satisfies(command -> assertThat(command.metadata().handledInline()).isTrue());
            assertThat(stream(ACCOUNT_1)).isEmpty();
        }
    }

    @Nested
    class WithABoundary {
        @Test
        void writes_the_tagged_events_under_the_condition_and_decides_again_when_the_boundary_changed() {
            boundary = Boundary.of((command, account) -> java.util.Optional.of(io.microlith.store.MessageQuery.tagged("bank:1")),
                    (account, event) -> List.of("bank:1"));
            CommandBus commands = inlineAccounts((command, account) -> {
                if (decisions.get() == 1) {
                    // another writer changes the boundary between reading its position and writing
                    store.write(StreamName.of("audit-1"), io.microlith.message.NewMessage.of("Audited", "{}",
                            io.microlith.message.Metadata.EMPTY.withTags("bank:1")));
                }
                return Account.decide(command, account);
            }, config -> {
            });

            Deposited outcome = commands.request(new Deposit("1", 30), Deposited.class, FIVE_SECONDS);

            assertThat(outcome).isEqualTo(new Deposited("1", 30));
            assertThat(decisions).hasValue(2);
            assertThat(stream(ACCOUNT_1)).singleElement()
                    .satisfies(event -> assertThat(event.metadata().tags()).containsExactly("bank:1"));
            assertThat(stream(COMMANDS_1)).singleElement()
                    .satisfies(command -> assertThat(command.metadata().handledInline()).isTrue());
        }
    }

    @Nested
    class TheConsumer {
        @Test
        void acknowledges_an_inline_command_without_deciding_it_again() {
            CommandBus commands = inlineAccounts();
            commands.request(new Deposit("1", 30), Deposited.class, FIVE_SECONDS);
            commands.request(new Deposit("1", 12), Deposited.class, FIVE_SECONDS);

            microlith.start();
            microlith.awaitIdle(FIVE_SECONDS);

            assertThat(decisions).hasValue(2);
            assertThat(stream(ACCOUNT_1)).hasSize(2);
            assertThat(accountCommandsConsumer().position()).isGreaterThanOrEqualTo(stream(COMMANDS_1).getLast().globalPosition());
        }

        @Test
        void tells_its_listeners_an_inline_command_was_handled() {
            List<UUID> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
            CommandBus commands = inlineAccounts(Account::decide, config -> config.consumerListeners((category, name) ->
                    category.equals("account:command") ? new io.microlith.consumer.ConsumerListener() {
                        @Override
                        public void handled(Message message, Duration took) {
                            handled.add(message.id());
                        }
                    } : null));
            var deposit = Envelope.correlated((AccountCommand) new Deposit("1", 30));
            commands.request(deposit, Deposited.class, FIVE_SECONDS);

            microlith.start();
            microlith.awaitIdle(FIVE_SECONDS);

            assertThat(handled).as("acknowledged: metrics and the admin portal count it").containsExactly(deposit.id());
        }

        @Test
        void still_decides_a_command_queued_before_an_inline_one_of_the_same_entity() {
            CommandBus commands = inlineAccounts();
            // stored for the consumer (a named stream is never handled inline), not yet decided
            commands.dispatch(COMMANDS_1, Envelope.correlated(new Deposit("1", 30)));

            AccountEvent inline = commands.request(new Withdraw("1", 20), AccountEvent.class, FIVE_SECONDS);
            microlith.start();
            microlith.awaitIdle(FIVE_SECONDS);

            assertThat(inline).as("decided first, on the entity without the queued deposit")
                    .isEqualTo(new WithdrawalRejected("1", 20, "insufficient funds"));
            assertThat(stream(ACCOUNT_1)).extracting(Message::type).containsExactly("WithdrawalRejected", "Deposited");
            assertThat(decisions).hasValue(2);
        }

        @Test
        void skips_an_inline_command_stored_by_another_process_when_the_component_is_not_inline_here() {
            CommandBus commands = inlineAccounts();
            commands.request(new Deposit("1", 30), Deposited.class, FIVE_SECONDS);
            microlith.close();
            decisions.set(0);
            microlith = Microlith.create(config -> config.store(store)
                    .route(AccountCommand.class, "account:command", AccountCommand::accountId)
                    .route(AccountEvent.class, "account", AccountEvent::accountId));
            microlith.component(Decider.of(Account.NEW, (AccountCommand command, Account account) -> {
                        decisions.incrementAndGet();
                        return Account.decide(command, account);
                    }, Account::apply))
                    .commands(AccountCommand.class, AccountCommand::accountId).entities(AccountEvent.class).subscribe();

            microlith.start();
            microlith.awaitIdle(FIVE_SECONDS);

            assertThat(decisions).hasValue(0);
            assertThat(stream(ACCOUNT_1)).hasSize(1);
        }
    }

    @Nested
    class FallingBack {
        @Test
        void a_command_whose_decision_throws_is_stored_alone_and_retried_then_parked_by_the_consumer() {
            CommandBus commands = inlineAccounts((command, account) -> {
                throw new IllegalStateException("a fault in decide");
            }, config -> {
            });

            Dispatched dispatched = commands.dispatch(new Deposit("1", 30));
            assertThat(stream(COMMANDS_1)).singleElement()
                    .satisfies(command -> assertThat(command.metadata().handledInline()).isFalse());
            microlith.start();
            microlith.awaitIdle(FIVE_SECONDS);

            assertThat(accountCommandsConsumer().parked()).extracting(ParkedMessage::messageId)
                    .containsExactly(dispatched.messageId());
            assertThat(decisions).as("once inline, twice by the consumer (its retry policy)").hasValue(3);
            assertThat(stream(ACCOUNT_1)).isEmpty();
        }

        @Test
        void a_request_whose_inline_decision_throws_is_answered_once_the_consumer_decides_it() {
            CommandBus commands = inlineAccounts((command, account) -> {
                if (decisions.get() == 1) {
                    throw new IllegalStateException("a passing fault");
                }
                return Account.decide(command, account);
            }, config -> {
            });
            microlith.start();

            Deposited outcome = commands.request(new Deposit("1", 30), Deposited.class, FIVE_SECONDS);

            assertThat(outcome).isEqualTo(new Deposited("1", 30));
            assertThat(decisions).hasValue(2);
            assertThat(stream(COMMANDS_1).getFirst().metadata().handledInline()).isFalse();
        }

        @Test
        void a_command_that_conflicts_more_than_max_conflicts_times_goes_to_the_consumer() {
            maxConflicts = 0;
            CommandBus commands = inlineAccounts((command, account) -> {
                if (decisions.get() == 1) {
                    // another writer moves the entity between the fetch and the write
                    store.write(ACCOUNT_1, microlith.types().toNewMessage(new Deposited("1", 1)));
                }
                return Account.decide(command, account);
            }, config -> {
            });

            commands.dispatch(new Deposit("1", 30));
            assertThat(stream(COMMANDS_1).getFirst().metadata().handledInline()).isFalse();
            microlith.start();
            microlith.awaitIdle(FIVE_SECONDS);

            assertThat(stream(ACCOUNT_1)).extracting(Message::type).containsExactly("Deposited", "Deposited");
            assertThat(microlith.component(ComponentTest.ACCOUNTS)
                    .commands(AccountCommand.class, AccountCommand::accountId).entities(AccountEvent.class).build()
                    .entities().fetch("1").state()).isEqualTo(new Account(31, 2));
            assertThat(decisions).as("once inline, once by the consumer").hasValue(2);
        }
    }

    @Nested
    class ARepeatedCommandId {
        @Test
        void is_refused_as_a_dispatch_refuses_it_and_its_first_outcome_is_kept() {
            CommandBus commands = inlineAccounts();
            var deposit = Envelope.correlated((AccountCommand) new Deposit("1", 30));
            commands.request(deposit, Deposited.class, FIVE_SECONDS);

            assertThatThrownBy(() -> commands.request(deposit, Deposited.class, FIVE_SECONDS))
                    .isInstanceOfSatisfying(DuplicateMessageIdException.class,
                            duplicate -> assertThat(duplicate.messageId()).isEqualTo(deposit.id()));
            assertThat(commands.waitFor(deposit.correlationId(), Deposited.class, FIVE_SECONDS))
                    .isEqualTo(new Deposited("1", 30));
            assertThat(stream(COMMANDS_1)).hasSize(1);
            assertThat(stream(ACCOUNT_1)).hasSize(1);
        }

        @Test
        void of_a_command_queued_for_the_consumer_is_refused_and_decided_once() {
            CommandBus commands = inlineAccounts();
            var deposit = Envelope.correlated((AccountCommand) new Deposit("1", 30));
            commands.dispatch(COMMANDS_1, deposit);

            assertThatThrownBy(() -> commands.dispatch(deposit)).isInstanceOf(DuplicateMessageIdException.class);
            microlith.start();
            microlith.awaitIdle(FIVE_SECONDS);

            assertThat(stream(ACCOUNT_1)).hasSize(1);
        }
    }

    @Test
    void under_a_broker_the_consumer_decides() {
        CommandBus commands = inlineAccounts(Account::decide, config -> config.transport(new IdleBroker()));

        commands.dispatch(new Deposit("1", 30));

        assertThat(decisions).hasValue(0);
        assertThat(stream(COMMANDS_1).getFirst().metadata().handledInline()).isFalse();
        assertThat(stream(ACCOUNT_1)).isEmpty();
    }

    /** A broker that delivers nothing: the test only looks at what the sender stored. */
    private static final class IdleBroker implements BrokerTransport {
        @Override
        public Delivery deliver(io.microlith.consumer.Consumer.Builder consumer) {
            return new Delivery() {
                @Override
                public List<ParkedMessage> parked() {
                    return List.of();
                }

                @Override
                public void replay(UUID messageId) {
                }

                @Override
                public void skip(UUID messageId) {
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public Relaying startRelay(MessageStore store, String category) {
            throw new UnsupportedOperationException("no relay in these tests");
        }

        @Override
        public String describe() {
            return "idle://test";
        }

        @Override
        public void close() {
        }
    }
}
