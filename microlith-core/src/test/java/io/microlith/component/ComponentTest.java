package io.microlith.component;

import io.microlith.Microlith;
import io.microlith.bus.Envelope;
import io.microlith.bus.NoRouteException;
import io.microlith.consumer.Consumer;
import io.microlith.consumer.ConsumerStatus;
import io.microlith.entity.Accounts.Account;
import io.microlith.entity.Accounts.AccountCommand;
import io.microlith.entity.Accounts.AccountEvent;
import io.microlith.entity.Accounts.Deposit;
import io.microlith.entity.Accounts.Deposited;
import io.microlith.entity.Accounts.Withdraw;
import io.microlith.entity.Accounts.WithdrawalRejected;
import io.microlith.entity.Accounts.Withdrawn;
import io.microlith.message.Message;
import io.microlith.message.MessageTypes;
import io.microlith.message.StreamName;
import io.microlith.store.ExpectedVersionException;
import io.microlith.store.memory.InMemoryMessageStore;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComponentTest {
    static final Decider<AccountCommand, Account, AccountEvent> ACCOUNTS = Decider.of(Account.NEW, Account::decide, Account::apply);

    private final InMemoryMessageStore store = new InMemoryMessageStore();
    private final MessageTypes types = new MessageTypes();
    private final Component<AccountCommand, Account, AccountEvent> accounts = component(ACCOUNTS).build();

    private ComponentBuilder<AccountCommand, Account, AccountEvent> component(Decider<AccountCommand, Account, AccountEvent> decider) {
        return Component.builder(store, types, null, null, decider)
                .commands(AccountCommand.class, AccountCommand::accountId)
                .entities("account", AccountEvent.class);
    }

    private Message command(AccountCommand body) {
        return command(Envelope.correlated(body));
    }

    private Message command(Envelope<? extends AccountCommand> envelope) {
        var written = store.write(StreamName.of("account:command", envelope.body().accountId()), envelope.toNewMessage(types));
        return store.readStream(written.streamName(), written.version(), 1).getFirst();
    }

    private Outcome<Account> handle(Message command) {
        return accounts.handle(types.decode(command).map(AccountCommand.class::cast).orElseThrow(), command);
    }

    /** A decider whose {@code decide} runs {@code sideEffect} before deciding as ACCOUNTS does. */
    private static Decider<AccountCommand, Account, AccountEvent> deciding(Runnable sideEffect) {
        BiFunction<AccountCommand, Account, List<AccountEvent>> decide = (command, account) -> {
            sideEffect.run();
            return Account.decide(command, account);
        };
        return Decider.of(Account.NEW, decide, Account::apply);
    }

    @Nested
    class Handle {
        @Test
        void writes_the_decided_events_to_the_entity_stream_following_the_command() {
            Message command = command(new Deposit("1", 50));

            Outcome<Account> outcome = handle(command);

            assertThat(outcome).isInstanceOf(Outcome.Written.class);
            Message event = store.lastMessage(StreamName.of("account-1")).orElseThrow();
            assertThat(event.type()).isEqualTo("Deposited");
            assertThat(event.correlationId()).isEqualTo(command.correlationId());
            assertThat(event.metadata().causation().messageId()).isEqualTo(command.id());
        }

        @Test
        void decides_on_the_state_folded_from_the_entity_stream() {
            handle(command(new Deposit("1", 30)));

            handle(command(new Withdraw("1", 50)));

            assertThat(store.lastMessage(StreamName.of("account-1")).orElseThrow().type()).isEqualTo("WithdrawalRejected");
            assertThat(accounts.entities().fetch("1").state()).isEqualTo(new Account(30, 1));
        }

        @Test
        void recognises_a_command_it_has_already_handled() {
            Message command = command(new Deposit("1", 50));
            handle(command);

            Outcome<Account> again = handle(command);

            assertThat(again).isInstanceOf(Outcome.AlreadyHandled.class);
            assertThat(store.streamVersion(StreamName.of("account-1"))).isZero();
        }

        @Test
        void answers_a_command_marked_as_handled_inline_without_deciding_it() {
            AtomicInteger decisions = new AtomicInteger();
            var counting = component(deciding(decisions::incrementAndGet)).build();
            var deposit = Envelope.correlated((AccountCommand) new Deposit("1", 50));
            Message command = command(deposit.withMetadata(deposit.metadata().withHandledInline()));

            Outcome<Account> outcome = counting.handle(new Deposit("1", 50), command);

            assertThat(outcome).isInstanceOf(Outcome.AlreadyHandled.class);
            assertThat(decisions).hasValue(0);
            assertThat(store.streamVersion(StreamName.of("account-1"))).isEqualTo(-1);
        }

        @Test
        void writes_nothing_when_the_decision_is_nothing() {
            Outcome<Account> outcome = handle(command(new Deposit("1", 0)));

            assertThat(outcome).isInstanceOf(Outcome.NothingToWrite.class);
            assertThat(store.streamVersion(StreamName.of("account-1"))).isEqualTo(-1);
        }

        @Test
        void decides_again_on_the_new_state_when_another_writer_got_there_first() {
            store.write(StreamName.of("account-1"), types.toNewMessage(new Deposited("1", 100)));
            AtomicInteger decisions = new AtomicInteger();
            var racing = component(deciding(() -> {
                if (decisions.incrementAndGet() == 1) {
                    // a concurrent writer moves the stream after this fetch
                    store.write(StreamName.of("account-1"), types.toNewMessage(new Withdrawn("1", 50)));
                }
            })).build();
            Message command = command(new Withdraw("1", 80));

            Outcome<Account> outcome = racing.handle(new Withdraw("1", 80), command);

            assertThat(decisions.get()).isEqualTo(2);
            assertThat(outcome.entity().version()).isEqualTo(1);
            assertThat(store.lastMessage(StreamName.of("account-1")).orElseThrow().type()).isEqualTo("WithdrawalRejected");
        }

        @Test
        void gives_up_after_too_many_conflicts() {
            var impatient = component(deciding(() -> store.write(StreamName.of("account-1"),
                    types.toNewMessage(new Deposited("1", 1))))).maxConflicts(0).build();
            Message command = command(new Deposit("1", 1));

            assertThatThrownBy(() -> impatient.handle(new Deposit("1", 1), command))
                    .isInstanceOf(ExpectedVersionException.class);
        }

        @Test
        void refuses_a_command_it_was_not_declared_to_handle() {
            var depositsOnly = Component.builder(store, types, null, null, ACCOUNTS)
                    .commands(Deposit.class, Deposit::accountId).entities("account", AccountEvent.class).build();

            assertThatThrownBy(() -> depositsOnly.handle(new Withdraw("1", 1), command(new Withdraw("1", 1))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does not handle").hasMessageContaining("Deposit");
        }
    }

    @Nested
    class Replies {
        @Test
        void copy_the_events_to_the_reply_stream_the_command_names_in_the_same_write() {
            Message command = command(Envelope.correlated((AccountCommand) new Withdraw("1", 5))
                    .withReplyStreamName(StreamName.of("web:reply-42")));

            handle(command);

            Message reply = store.lastMessage(StreamName.of("web:reply-42")).orElseThrow();
            assertThat(reply.type()).isEqualTo("WithdrawalRejected");
            assertThat(reply.correlationId()).isEqualTo(command.correlationId());
            assertThat(reply.metadata().causation().messageId()).isEqualTo(command.id());
            assertThat(reply.metadata().replyStreamName()).isNull();
            assertThat(reply.globalPosition()).isEqualTo(store.lastMessage(StreamName.of("account-1")).orElseThrow().globalPosition() + 1);
        }

        @Test
        void are_not_written_when_the_command_names_no_reply_stream() {
            handle(command(new Withdraw("1", 5)));

            assertThat(store.headGlobalPosition()).isEqualTo(2);
        }

        @Test
        void of_handlers_that_are_not_deciders_go_to_the_reply_stream() {
            Message command = command(Envelope.correlated((AccountCommand) new Withdraw("1", 5))
                    .withReplyStreamName(StreamName.of("web:reply-7")));

            assertThat(Component.reply(store, types, command, new WithdrawalRejected("1", 5, "x"))).isPresent();
            assertThat(Component.reply(store, types, command(new Withdraw("2", 1)), new WithdrawalRejected("2", 1, "x"))).isEmpty();
        }
    }

    @Nested
    class OnTheCommandBus {
        @Test
        void answers_a_request_with_the_decided_event() {
            try (Microlith microlith = Microlith.create(config -> config
                    .route(AccountCommand.class, "account:command", AccountCommand::accountId)
                    .route(AccountEvent.class, "account", AccountEvent::accountId))) {
                microlith.component(ACCOUNTS).commands(AccountCommand.class, AccountCommand::accountId)
                        .entities(AccountEvent.class).subscribe();
                microlith.start();
                microlith.commandBus().request(new Deposit("7", 20), Deposited.class, Duration.ofSeconds(5));

                AccountEvent outcome = microlith.commandBus().request(new Withdraw("7", 50), AccountEvent.class,
                        Duration.ofSeconds(5));

                assertThat(outcome).isEqualTo(new WithdrawalRejected("7", 50, "insufficient funds"));
            }
        }

        @Test
        void refuses_an_event_family_routed_to_several_categories_or_not_at_all() {
            try (Microlith microlith = Microlith.create(config -> config
                    .route(Deposited.class, "account", Deposited::accountId)
                    .route(Withdrawn.class, "ledger", Withdrawn::accountId))) {
                var builder = microlith.component(ACCOUNTS).commands(AccountCommand.class, AccountCommand::accountId);

                assertThatThrownBy(() -> builder.entities(AccountEvent.class)).isInstanceOf(NoRouteException.class);
                microlith.routes().route(WithdrawalRejected.class, "account", WithdrawalRejected::accountId);
                assertThatThrownBy(() -> builder.entities(AccountEvent.class))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[account, ledger]");
            }
        }
    }

    /**
     * Stops a consumer the hard way, as the JVM's own exhaustion does: no position saved (any other error from a
     * handler is parked, and the consumer goes on).
     */
    static OutOfMemoryError crash() {
        return new OutOfMemoryError("Java heap space (simulated crash)");
    }

    @Test
    void a_consumer_killed_mid_batch_and_restarted_handles_every_command_with_no_duplicate_effect()
            throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            command(new Deposit(Integer.toString(i % 10), 1));
        }
        CountDownLatch crashed = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        Consumer first = Consumer.builder(store, "account:command", "accounts").types(types)
                .batchSize(64).positionUpdateInterval(50)
                .handle(Deposit.class, (deposit, message) -> {
                    if (handled.incrementAndGet() == 230) {
                        crashed.countDown();
                        throw crash();
                    }
                    accounts.handle(deposit, message);
                })
                .build().start();
        assertThat(crashed.await(10, TimeUnit.SECONDS)).isTrue();
        first.stop();
        assertThat(first.status().state()).isEqualTo(ConsumerStatus.State.CRASHED);
        assertThat(first.position()).isLessThan(500);

        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger duplicates = new AtomicInteger();
        Consumer second = Consumer.builder(store, "account:command", "accounts").types(types)
                .batchSize(64).positionUpdateInterval(50)
                .handle(Deposit.class, (deposit, message) -> {
                    if (accounts.handle(deposit, message) instanceof Outcome.AlreadyHandled) {
                        duplicates.incrementAndGet();
                    }
                    if (message.globalPosition() == 500) {
                        done.countDown();
                    }
                })
                .build().start();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        second.stop();

        assertThat(duplicates.get()).as("commands delivered again after the crash").isPositive();
        for (int account = 0; account < 10; account++) {
            assertThat(accounts.entities().fetch(Integer.toString(account)).state()).isEqualTo(new Account(50, 50));
        }
    }

    @Nested
    class Boundaries {
        private final Boundary<AccountCommand, Account, AccountEvent> bank = Boundary.of(
                (command, account) -> java.util.Optional.of(io.microlith.store.MessageQuery.tagged("bank:1")),
                (account, event) -> List.of("bank:1", "account:" + event.accountId()));

        private Outcome<Account> handle(Component<AccountCommand, Account, AccountEvent> component, Message command) {
            return component.handle(types.decode(command).map(AccountCommand.class::cast).orElseThrow(), command);
        }

        private void sneakIn() {
            store.write(StreamName.of("audit", "1"), io.microlith.message.NewMessage.of("Audited", "{}",
                    io.microlith.message.Metadata.EMPTY.withTags("bank:1")));
        }

        @Test
        void tags_the_decided_events_as_the_boundary_says() {
            var component = component(ACCOUNTS).boundary(bank).build();

            handle(component, command(new Deposit("1", 50)));

            assertThat(store.lastMessage(StreamName.of("account-1")).orElseThrow().metadata().tags())
                    .containsExactly("bank:1", "account:1");
        }

        @Test
        void decides_again_when_another_writer_changed_the_boundary_between_reading_and_writing() {
            AtomicInteger decisions = new AtomicInteger();
            var component = component(deciding(() -> {
                if (decisions.incrementAndGet() == 1) {
                    sneakIn();
                }
            })).boundary(bank).build();

            Outcome<Account> outcome = handle(component, command(new Deposit("1", 50)));

            assertThat(outcome).isInstanceOf(Outcome.Written.class);
            assertThat(decisions).hasValue(2);
            assertThat(store.readStream(StreamName.of("account-1"), 0)).hasSize(1);
        }

        @Test
        void throws_the_failed_condition_once_the_boundary_changed_more_than_max_conflicts_times() {
            var component = component(deciding(this::sneakIn)).boundary(bank).maxConflicts(1).build();

            assertThatThrownBy(() -> handle(component, command(new Deposit("1", 50))))
                    .isInstanceOf(io.microlith.store.AppendConditionFailedException.class)
                    .hasMessageContaining("bank:1");
            assertThat(store.streamVersion(StreamName.of("account-1"))).isEqualTo(-1);
        }
    }
}
