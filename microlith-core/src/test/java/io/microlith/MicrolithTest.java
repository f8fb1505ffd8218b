package io.microlith;

import io.microlith.consumer.Consumer;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.memory.InMemoryMessageStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MicrolithTest {

    @Test
    void starts_registered_consumers_and_waits_until_they_are_idle() {
        try (Microlith microlith = Microlith.create()) {
            AtomicInteger handled = new AtomicInteger();
            microlith.consumer("account", "counter", c -> c.handleAny(message -> handled.incrementAndGet()));
            for (int i = 0; i < 50; i++) {
                microlith.store().write(StreamName.of("account-" + (i % 5)), NewMessage.of("Opened", "{}"));
            }

            microlith.start().awaitIdle(Duration.ofSeconds(10));

            assertThat(handled.get()).isEqualTo(50);
            assertThat(microlith.consumers()).extracting(Consumer::name).containsExactly("counter");
        }
    }

    @Test
    void gives_the_consumers_of_one_category_their_own_settings_over_the_defaults() {
        try (Microlith microlith = Microlith.create(config -> config
                .consumers(c -> c.batchSize(10))
                .consumers("account", c -> c.group(0, 2)))) {
            Consumer accounts = microlith.consumer("account", "accounts", c -> c.handleAny(message -> {
            }));
            Consumer ledger = microlith.consumer("ledger", "ledger", c -> c.handleAny(message -> {
            }));

            assertThat(accounts.status().group()).isEqualTo(new io.microlith.store.ConsumerGroup(0, 2));
            assertThat(ledger.status().group()).isNull();
        }
    }

    @Test
    void refuses_two_consumers_that_would_share_a_position() {
        try (Microlith microlith = Microlith.create()) {
            microlith.consumer("account", "counter", c -> c.handleAny(message -> {
            }));

            assertThatThrownBy(() -> microlith.consumer("account", "counter", c -> c.handleAny(message -> {
            })))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("already registered");
        }
    }

    @Test
    void taps_every_message_committed_after_it_started_following() throws Exception {
        try (Microlith microlith = Microlith.create()) {
            microlith.store().write(StreamName.of("before-1"), NewMessage.of("Old", "{}"));
            List<String> seen = new CopyOnWriteArrayList<>();
            var written = new java.util.concurrent.CountDownLatch(2);
            var tap = microlith.follow(message -> {
                seen.add(message.type());
                written.countDown();
            });
            microlith.store().write(StreamName.of("after-1"), NewMessage.of("New", "{}"));
            microlith.store().write(StreamName.of("after-2"), NewMessage.of("Newer", "{}"));
            assertThat(written.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            tap.close();
            assertThat(seen).containsExactly("New", "Newer");
        }
    }

    @Test
    void a_tap_that_throws_an_error_on_one_message_does_not_stop_the_follower() throws Exception {
        try (Microlith microlith = Microlith.create()) {
            List<String> seen = new CopyOnWriteArrayList<>();
            var written = new java.util.concurrent.CountDownLatch(1);
            var tap = microlith.follow(message -> {
                if (message.type().equals("Poison")) {
                    new java.math.BigDecimal("1e-2147483647").toPlainString(); // an OutOfMemoryError
                }
                seen.add(message.type());
                written.countDown();
            });
            microlith.store().write(StreamName.of("after-1"), NewMessage.of("Poison", "{}"));
            microlith.store().write(StreamName.of("after-2"), NewMessage.of("Fine", "{}"));
            assertThat(written.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            tap.close();
            assertThat(seen).containsExactly("Fine");
        }
    }

    @Test
    void closes_the_store_it_made_but_not_one_it_was_given() {
        InMemoryMessageStore given = new InMemoryMessageStore();
        Microlith.create(config -> config.store(given)).close();

        assertThat(given.headGlobalPosition()).isZero();
        given.write(StreamName.of("still-1"), NewMessage.of("Open", "{}"));
    }
}
