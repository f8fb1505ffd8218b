package io.microlith;

import io.microlith.consumer.Consumer;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parts that adapters hand to {@link Microlith#register(Managed)}: started, awaited and stopped with it. */
class ManagedTest {

    /** A part that runs one consumer of its own, built when it starts (as an aggregator does). */
    static final class Counter implements Managed {
        final AtomicInteger handled = new AtomicInteger();
        private final Consumer.Builder builder;
        private Consumer consumer;
        int starts;
        int stops;

        Counter(Microlith microlith, String name) {
            this.builder = microlith.consumerBuilder("account", name).handleAny(message -> handled.incrementAndGet());
        }

        @Override
        public synchronized Counter start() {
            starts++;
            consumer = builder.build().start();
            return this;
        }

        @Override
        public synchronized void stop() {
            stops++;
            if (consumer != null) {
                consumer.stop();
            }
        }

        @Override
        public synchronized List<Consumer> consumers() {
            return consumer == null ? List.of() : List.of(consumer);
        }
    }

    private static void write(Microlith microlith, int messages) {
        for (int i = 0; i < messages; i++) {
            microlith.store().write(StreamName.of("account-" + (i % 5)), NewMessage.of("Opened", "{}"));
        }
    }

    @Test
    void starts_a_registered_part_with_the_microlith_and_waits_for_its_consumers_when_idle() {
        try (Microlith microlith = Microlith.create()) {
            Counter counter = microlith.register(new Counter(microlith, "counter"));
            write(microlith, 40);
            assertThat(counter.starts).as("not before the Microlith starts").isZero();

            microlith.start().awaitIdle(Duration.ofSeconds(10));

            assertThat(counter.starts).isEqualTo(1);
            assertThat(counter.handled.get()).isEqualTo(40);
            assertThat(microlith.consumers()).extracting(Consumer::name).containsExactly("counter");
        }
    }

    @Test
    void starts_a_part_at_once_when_the_microlith_is_already_started() {
        try (Microlith microlith = Microlith.create().start()) {
            write(microlith, 3);

            Counter counter = microlith.register(new Counter(microlith, "late"));
            microlith.awaitIdle(Duration.ofSeconds(10));

            assertThat(counter.starts).isEqualTo(1);
            assertThat(counter.handled.get()).isEqualTo(3);
        }
    }

    @Test
    void stops_its_parts_on_close() {
        Counter counter;
        try (Microlith microlith = Microlith.create().start()) {
            counter = microlith.register(new Counter(microlith, "counter"));
        }
        assertThat(counter.stops).isEqualTo(1);
    }

    @Test
    void lists_the_registered_parts_of_a_type() {
        try (Microlith microlith = Microlith.create()) {
            Counter first = microlith.register(new Counter(microlith, "first"));
            Counter second = microlith.register(new Counter(microlith, "second"));

            assertThat(microlith.registered(Counter.class)).containsExactly(first, second);
            assertThat(microlith.registered(Managed.class)).containsExactly(first, second);
        }
    }

    @Test
    void refuses_a_part_once_closed() {
        Microlith microlith = Microlith.create();
        microlith.close();

        assertThatThrownBy(() -> microlith.register(new Counter(microlith, "counter")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
