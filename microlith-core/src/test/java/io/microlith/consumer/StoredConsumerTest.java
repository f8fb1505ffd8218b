package io.microlith.consumer;

import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.memory.InMemoryMessageStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Consumers found from the store alone, as a tool in another process sees them. */
class StoredConsumerTest {
    private final InMemoryMessageStore store = new InMemoryMessageStore();
    private Consumer running;

    @AfterEach
    void stop() {
        if (running != null) {
            running.stop();
        }
    }

    @Test
    void finds_running_consumers_by_their_position_and_dead_letter_streams_with_their_lag_and_parked_messages() {
        running = Consumer.builder(store, "account:command", "cashier").pollInterval(Duration.ofMillis(20))
                .positionUpdateInterval(1).retry(RetryPolicy.backoff(1, Duration.ZERO, Duration.ZERO))
                .handleAny(message -> {
                    if (message.type().equals("Poison")) {
                        throw new IllegalStateException("cannot handle " + message.streamName());
                    }
                }).build().start();
        store.write(StreamName.of("account:command-1"), NewMessage.of("Deposit", "{}"));
        NewMessage poison = NewMessage.of("Poison", "{}");
        store.write(StreamName.of("account:command-2"), poison);
        store.write(StreamName.of("account:position-other"), NewMessage.of(PositionStore.RECORDED, "{\"position\":1}"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> running.parked().size() == 1 && running.position() >= 2);
        running.stop();

        var consumers = StoredConsumer.find(store);

        assertThat(consumers).containsExactly(new StoredConsumer("account", "other"),
                new StoredConsumer("account:command", "cashier"));
        StoredConsumer cashier = consumers.get(1);
        assertThat(cashier.positionStream()).isEqualTo(StreamName.of("account:command+position-cashier"));
        assertThat(cashier.lag(store).behind()).isFalse();
        assertThat(cashier.parked(store)).singleElement().satisfies(parked -> {
            assertThat(parked.messageId()).isEqualTo(poison.id());
            assertThat(parked.error()).contains("cannot handle account:command-2");
        });
    }

    @Test
    void finds_nothing_in_a_store_without_consumers() {
        store.write(StreamName.of("account-1"), NewMessage.of("Opened", "{}"));

        assertThat(StoredConsumer.find(store)).isEmpty();
    }
}
