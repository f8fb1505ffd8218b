package io.microlith.component;

import io.microlith.bus.Envelope;
import io.microlith.consumer.Consumer;
import io.microlith.consumer.ConsumerStatus;
import io.microlith.entity.Accounts.Account;
import io.microlith.entity.Accounts.AccountEvent;
import io.microlith.entity.Accounts.Deposit;
import io.microlith.entity.Accounts.Deposited;
import io.microlith.entity.Accounts.Withdraw;
import io.microlith.entity.Accounts.WithdrawalRejected;
import io.microlith.entity.EntityStore;
import io.microlith.entity.Projection;
import io.microlith.message.Message;
import io.microlith.message.MessageTypes;
import io.microlith.message.StreamName;
import io.microlith.store.ExpectedVersionException;
import io.microlith.store.memory.InMemoryMessageStore;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComponentTest {

    private final InMemoryMessageStore store = new InMemoryMessageStore();
    private final MessageTypes types = new MessageTypes();
    private final Projection<Account> projection = Projection.of(types, Account.NEW, AccountEvent.class, Account::apply);
    private final EntityStore<Account> entities = EntityStore.builder(store, "account", projection).build();
    private final Component<Account> accounts = Component.of(store, types, entities);

    private Message command(Record body) {
        return command(Envelope.correlated(body));
    }

    private Message command(Envelope<?> envelope) {
        String id = switch (envelope.body()) {
            case Deposit d -> d.accountId();
            case Withdraw w -> w.accountId();
            default -> throw new IllegalArgumentException();
        };
        var written = store.write(StreamName.of("account:command", id), envelope.toNewMessage(types));
        return store.readStream(written.streamName(), written.version(), 1).getFirst();
    }

    private Outcome<Account> deposit(Message command, Deposit deposit) {
        return accounts.handle(command, deposit.accountId(),
                account -> List.of(new Deposited(deposit.accountId(), deposit.amount())));
    }

    @Nested
    class Handle {
        @Test
        void writes_the_decided_events_following_the_command() {
            Message command = command(new Deposit("1", 50));

            Outcome<Account> outcome = deposit(command, new Deposit("1", 50));

            assertThat(outcome).isInstanceOf(Outcome.Written.class);
            Message event = store.lastMessage(StreamName.of("account-1")).orElseThrow();
            assertThat(event.type()).isEqualTo("Deposited");
            assertThat(event.correlationId()).isEqualTo(command.correlationId());
            assertThat(event.metadata().causation().messageId()).isEqualTo(command.id());
        }

        @Test
        void recognises_a_command_it_has_already_handled() {
            Message command = command(new Deposit("1", 50));
            deposit(command, new Deposit("1", 50));

            Outcome<Account> again = deposit(command, new Deposit("1", 50));

            assertThat(again).isInstanceOf(Outcome.AlreadyHandled.class);
            assertThat(store.streamVersion(StreamName.of("account-1"))).isZero();
        }

        @Test
        void writes_nothing_when_the_decision_is_nothing() {
            Message command = command(new Deposit("1", 0));

            Outcome<Account> outcome = accounts.handle(command, "1", account -> List.of());

            assertThat(outcome).isInstanceOf(Outcome.NothingToWrite.class);
            assertThat(store.streamVersion(StreamName.of("account-1"))).isEqualTo(-1);
        }

        @Test
        void decides_again_on_the_new_state_when_another_writer_got_there_first() {
            Message command = command(new Withdraw("1", 80));
            store.write(StreamName.of("account-1"), types.toNewMessage(new Deposited("1", 100)));
            entities.fetch("1");
            AtomicInteger decisions = new AtomicInteger();

            Outcome<Account> outcome = accounts.handle(command, "1", account -> {
                if (decisions.incrementAndGet() == 1) {
                    // a concurrent writer moves the stream after this fetch
                    store.write(StreamName.of("account-1"),
                            types.toNewMessage(new io.microlith.entity.Accounts.Withdrawn("1", 50)));
                }
                return List.of(Account.decide(account, new Withdraw("1", 80)));
            });

            assertThat(decisions.get()).isEqualTo(2);
            assertThat(outcome.entity().version()).isEqualTo(1);
            assertThat(store.lastMessage(StreamName.of("account-1")).orElseThrow().type()).isEqualTo("WithdrawalRejected");
        }

        @Test
        void gives_up_after_too_many_conflicts() {
            Message command = command(new Deposit("1", 1));
            Component<Account> impatient = accounts.withMaxConflicts(0);

            assertThatThrownBy(() -> impatient.handle(command, "1", account -> {
                store.write(StreamName.of("account-1"), types.toNewMessage(new Deposited("1", 1)));
                return List.of(new Deposited("1", 1));
            })).isInstanceOf(ExpectedVersionException.class);
        }
    }

    @Nested
    class Reply {
        @Test
        void goes_to_the_reply_stream_the_command_names() {
            Message command = command(Envelope.correlated(new Withdraw("1", 5))
                    .withReplyStreamName(StreamName.of("web:reply-42")));

            var written = accounts.reply(command, new WithdrawalRejected("1", 5, "insufficient funds"));

            assertThat(written).isPresent();
            Message reply = store.lastMessage(StreamName.of("web:reply-42")).orElseThrow();
            assertThat(reply.type()).isEqualTo("WithdrawalRejected");
            assertThat(reply.correlationId()).isEqualTo(command.correlationId());
            assertThat(reply.metadata().replyStreamName()).isNull();
        }

        @Test
        void is_not_written_when_the_command_names_no_reply_stream() {
            Message command = command(new Withdraw("1", 5));

            assertThat(accounts.reply(command, new WithdrawalRejected("1", 5, "x"))).isEmpty();
        }
    }

    /** Stops a consumer the hard way: an Error from the handler, no position saved. */
    static final class Crash extends Error {
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
                        throw new Crash();
                    }
                    deposit(message, deposit);
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
                    if (deposit(message, deposit) instanceof Outcome.AlreadyHandled) {
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
            assertThat(entities.fetch(Integer.toString(account)).state()).isEqualTo(new Account(50, 50));
        }
    }
}
