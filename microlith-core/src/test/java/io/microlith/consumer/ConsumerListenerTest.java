package io.microlith.consumer;

import io.microlith.Microlith;
import io.microlith.bus.Envelope;
import io.microlith.bus.WaitTimeoutException;
import io.microlith.message.MessageTypes;
import io.microlith.message.StreamName;
import io.microlith.store.MessageStore;
import io.microlith.store.memory.InMemoryMessageStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The listener hooks that metrics and monitors hear: handled, retrying, parked, listeners added beside, per Microlith. */
class ConsumerListenerTest {

    record Deposited(String account, int amount) {
    }

    /** Everything a listener heard, as lines. */
    static final class Recording implements ConsumerListener {
        final List<String> heard = new CopyOnWriteArrayList<>();

        @Override
        public void handled(io.microlith.message.Message message, Duration took) {
            heard.add("handled " + message.streamName() + (took.isNegative() ? " negative" : ""));
        }

        @Override
        public void retrying(io.microlith.message.Message message, int attempt, Throwable failure) {
            heard.add("retrying " + message.streamName() + " after attempt " + attempt + ": " + failure.getMessage());
        }

        @Override
        public void parked(ParkedMessage parked) {
            heard.add("parked " + parked.streamName() + " after " + parked.attempts());
        }
    }

    private final MessageStore store = new InMemoryMessageStore();
    private final MessageTypes types = MessageTypes.of(Deposited.class);
    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : started) {
            closeable.close();
        }
    }

    private void deposit(String account, int amount) {
        store.write(StreamName.of("account", account), types.toNewMessage(new Deposited(account, amount)));
    }

    private Consumer.Builder consumer(AtomicInteger failuresLeft) {
        return Consumer.builder(store, "account", "listened").types(types).pollInterval(Duration.ofMillis(50))
                .retry(RetryPolicy.backoff(3, Duration.ZERO, Duration.ZERO))
                .handle(Deposited.class, deposited -> {
                    if (deposited.amount() < 0 || failuresLeft.getAndDecrement() > 0) {
                        throw new IllegalStateException("refused " + deposited.amount());
                    }
                });
    }

    private Consumer start(Consumer.Builder builder) {
        Consumer consumer = builder.build().start();
        started.add(consumer);
        return consumer;
    }

    @Nested
    class Hooks {
        @Test
        void hears_a_message_handled_after_a_retry_and_one_parked_after_the_last_attempt() {
            Recording recording = new Recording();
            start(consumer(new AtomicInteger(1)).addListener(recording));

            deposit("1", 10);
            deposit("2", -5);

            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(recording.heard).containsExactly(
                    "retrying account-1 after attempt 1: refused 10",
                    "handled account-1",
                    "retrying account-2 after attempt 1: refused -5",
                    "retrying account-2 after attempt 2: refused -5",
                    "parked account-2 after 3"));
        }

        @Test
        void hears_a_replay_of_a_parked_message_that_now_succeeds() {
            Recording recording = new Recording();
            AtomicInteger failuresLeft = new AtomicInteger(3);
            Consumer consumer = start(consumer(failuresLeft).addListener(recording));
            deposit("1", 10);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> consumer.parked().size() == 1);

            consumer.replay(consumer.parked().getFirst().messageId());

            assertThat(recording.heard).endsWith("parked account-1 after 3", "handled account-1");
        }
    }

    @Nested
    class AddedListeners {
        @Test
        void are_kept_when_the_builders_own_listener_is_replaced_and_a_failing_one_does_not_stop_the_others() {
            Recording recording = new Recording();
            AtomicInteger batches = new AtomicInteger();
            start(consumer(new AtomicInteger()).addListener(new ConsumerListener() {
                        @Override
                        public void handled(io.microlith.message.Message message, Duration took) {
                            throw new IllegalStateException("a broken metrics listener");
                        }
                    }).addListener(recording)
                    .listener(new ConsumerListener() {
                        @Override
                        public void batchProcessed(long position, int messages) {
                            batches.incrementAndGet();
                        }
                    }));

            deposit("1", 10);

            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(recording.heard).containsExactly("handled account-1");
                assertThat(batches).hasValue(1);
            });
        }
    }

    @Nested
    class InAMicrolith {
        @Test
        void every_consumer_it_builds_gets_a_listener_from_the_configured_listeners() {
            List<String> made = new CopyOnWriteArrayList<>();
            Recording recording = new Recording();
            Microlith microlith = Microlith.create(config -> config.route(Deposited.class, "account", Deposited::account)
                    .consumerListeners((category, name) -> {
                        made.add(name + " of " + category);
                        return recording;
                    }));
            started.add(microlith);
            microlith.eventBus().subscribe(Deposited.class, deposited -> {
            });
            microlith.consumer("account", "audit", c -> c.handle(Deposited.class, deposited -> {
            }));
            microlith.start();

            microlith.eventBus().dispatch(new Deposited("7", 1));
            microlith.awaitIdle(Duration.ofSeconds(10));

            assertThat(made).containsExactlyInAnyOrder("microlith.events of account", "audit of account");
            assertThat(recording.heard).containsExactly("handled account-7", "handled account-7");
        }

        @Test
        void counts_the_waits_that_timed_out() {
            Microlith microlith = Microlith.create(config -> config.route(Deposited.class, "account", Deposited::account));
            started.add(microlith);
            microlith.start();
            assertThat(microlith.waitsTimedOut()).isZero();

            Envelope<Deposited> deposit = Envelope.correlated(new Deposited("8", 1));
            assertThatThrownBy(() -> microlith.eventBus().waitFor(deposit.correlationId(), Deposited.class,
                    Duration.ofMillis(20))).isInstanceOf(WaitTimeoutException.class);
            assertThatThrownBy(() -> microlith.eventBus().waitForAsync(deposit.correlationId(), List.of(Deposited.class),
                    Duration.ofMillis(20)).join()).hasCauseInstanceOf(WaitTimeoutException.class);

            assertThat(microlith.waitsTimedOut()).isEqualTo(2);
            microlith.eventBus().dispatch(deposit);
            assertThat(microlith.eventBus().waitFor(deposit.correlationId(), Deposited.class, Duration.ofSeconds(5)))
                    .isEqualTo(new Deposited("8", 1));
            assertThat(microlith.waitsTimedOut()).isEqualTo(2);
        }
    }
}
