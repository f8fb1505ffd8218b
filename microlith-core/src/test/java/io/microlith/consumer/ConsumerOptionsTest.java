package io.microlith.consumer;

import io.microlith.store.ConsumerGroup;
import io.microlith.store.memory.InMemoryMessageStore;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class ConsumerOptionsTest {

    private Consumer.Builder builder() {
        return Consumer.builder(new InMemoryMessageStore(), "account", "c");
    }

    @Test
    void the_microlith_defaults_are_the_builders_defaults() {
        assertThat(new ConsumerSettings().options()).isEqualTo(builder().options()).isEqualTo(ConsumerOptions.DEFAULTS);
    }

    @Test
    void the_defaults_are_the_documented_ones() {
        assertThat(ConsumerOptions.DEFAULTS).isEqualTo(new ConsumerOptions(1000, 100, 1, Duration.ofSeconds(1),
                RetryPolicy.DEFAULT, HoldBack.EVENT_STREAMS, null));
    }

    @Test
    void settings_applied_to_a_builder_replace_all_of_its_own() {
        ConsumerSettings settings = new ConsumerSettings().batchSize(10).positionUpdateInterval(5).concurrency(3)
                .pollInterval(Duration.ofMillis(50)).retry(RetryPolicy.noRetry()).holdBack(HoldBack.NOTHING)
                .group(1, 2);
        Consumer.Builder builder = builder().batchSize(7).concurrency(9);

        settings.applyTo(builder);

        assertThat(builder.options()).isEqualTo(new ConsumerOptions(10, 5, 3, Duration.ofMillis(50),
                RetryPolicy.noRetry(), HoldBack.NOTHING, new ConsumerGroup(1, 2)));
    }

    @Test
    void the_builder_and_the_settings_refuse_the_same_values_with_the_same_words() {
        assertSameRefusal(() -> builder().batchSize(0), () -> new ConsumerSettings().batchSize(0),
                "Batch size must be at least 1, was 0");
        assertSameRefusal(() -> builder().positionUpdateInterval(0),
                () -> new ConsumerSettings().positionUpdateInterval(0),
                "Position update interval must be at least 1, was 0");
        assertSameRefusal(() -> builder().concurrency(0), () -> new ConsumerSettings().concurrency(0),
                "Concurrency must be at least 1, was 0");
        assertSameRefusal(() -> builder().pollInterval(Duration.ZERO),
                () -> new ConsumerSettings().pollInterval(Duration.ZERO),
                "Poll interval must be positive, was PT0S");
        assertThatThrownBy(() -> builder().retry(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ConsumerSettings().holdBack(null)).isInstanceOf(NullPointerException.class);
    }

    private static void assertSameRefusal(ThrowingCallable byBuilder, ThrowingCallable bySettings, String message) {
        Throwable fromBuilder = catchThrowable(byBuilder);
        Throwable fromSettings = catchThrowable(bySettings);
        assertThat(fromBuilder).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
        assertThat(fromSettings).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
