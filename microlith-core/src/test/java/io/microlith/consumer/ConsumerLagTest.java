package io.microlith.consumer;

import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.ConsumerGroup;
import io.microlith.store.MessageStore;
import io.microlith.store.memory.InMemoryMessageStore;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerLagTest {
    private final MessageStore store = new InMemoryMessageStore();

    private long write(String stream) {
        return store.write(StreamName.of(stream), NewMessage.of("Deposited", "{}")).lastGlobalPosition();
    }

    private void savePosition(String consumer, long position) {
        store.write(StreamName.of("account:position-" + consumer), NewMessage.of(PositionStore.RECORDED, "{\"position\":" + position + "}"));
    }

    @Nested
    class Read_from_the_store {
        @Test
        void counts_from_the_oldest_pending_message_to_the_head() {
            long first = write("account-1");
            long second = write("account-2");
            savePosition("c", first);
            write("other-1");

            ConsumerLag lag = ConsumerLag.measure(store, "account", "c");

            assertThat(lag.position()).isEqualTo(first);
            assertThat(lag.firstPending()).isEqualTo(second);
            assertThat(lag.behind()).isTrue();
            assertThat(lag.pendingAtMost()).as("account-2, the position message and other-1").isEqualTo(3);
            assertThat(lag.oldestPending()).isNotNull();
        }

        @Test
        void is_zero_when_nothing_of_the_category_follows_the_saved_position() {
            long last = write("account-1");
            savePosition("c", last);
            for (int i = 0; i < 10; i++) {
                write("other-" + i);
            }

            ConsumerLag lag = ConsumerLag.measure(store, "account", "c");

            assertThat(lag.behind()).isFalse();
            assertThat(lag.pendingAtMost()).isZero();
            assertThat(lag.age(Instant.now())).isZero();
        }

        @Test
        void counts_from_the_start_for_a_consumer_that_never_saved() {
            write("other-1");
            long first = write("account-1");

            ConsumerLag lag = ConsumerLag.measure(store, "account", "never");

            assertThat(lag.position()).isZero();
            assertThat(lag.firstPending()).isEqualTo(first);
        }

        @Test
        void reads_a_group_member_s_own_position_and_part() {
            ConsumerGroup member = new ConsumerGroup(0, 2);
            String mine = null;
            String theirs = null;
            for (int i = 0; mine == null || theirs == null; i++) {
                if (member.includes(StreamName.of("account", Integer.toString(i)))) {
                    mine = "account-" + i;
                } else {
                    theirs = "account-" + i;
                }
            }
            write(theirs);
            savePosition("c+0", 0);

            assertThat(ConsumerLag.measure(store, "account", "c", member).behind()).isFalse();
            long pending = write(mine);
            ConsumerLag lag = ConsumerLag.measure(store, "account", "c", member);
            assertThat(lag.consumer()).isEqualTo("c+0");
            assertThat(lag.firstPending()).isEqualTo(pending);
        }
    }

    @Test
    void agrees_with_a_running_consumer_once_it_is_idle() throws Exception {
        Semaphore seen = new Semaphore(0);
        write("account-1");
        write("account-2");
        Consumer consumer = Consumer.builder(store, "account", "runner").pollInterval(Duration.ofMillis(20))
                .handleAny(message -> seen.release()).build().start();
        try {
            assertThat(seen.tryAcquire(2, 10, TimeUnit.SECONDS)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // the position moves after the handler returned, and is saved on the next idle tick
            while ((ConsumerLag.measure(store, consumer).behind() || ConsumerLag.measure(store, "account", "runner").behind())
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(ConsumerLag.measure(store, consumer).behind()).isFalse();
            assertThat(ConsumerLag.measure(store, "account", "runner").behind()).isFalse();
        } finally {
            consumer.stop();
        }
    }
}
