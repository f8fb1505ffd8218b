package io.microlith.testkit;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventuallyTest {
    private static final Eventually SOON = Eventually.within(Duration.ofSeconds(5));
    private static final Eventually NEVER = Eventually.within(Duration.ofMillis(30));

    @Nested
    class Until_a_value {
        @Test
        void returns_the_first_value_that_satisfies_the_condition() {
            AtomicInteger polls = new AtomicInteger();

            int value = SOON.until(polls::incrementAndGet, n -> n >= 3);

            assertThat(value).isEqualTo(3);
            assertThat(polls.get()).isEqualTo(3);
        }

        @Test
        void fails_after_the_timeout_naming_the_last_value() {
            AtomicInteger polls = new AtomicInteger();

            assertThatThrownBy(() -> NEVER.until(() -> "poll " + polls.incrementAndGet(), s -> false))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("within 30 ms")
                    .hasMessageEndingWith("last value: poll " + polls.get());
            assertThat(polls.get()).isGreaterThan(1);
        }

        @Test
        void names_what_it_waited_for() {
            assertThatThrownBy(() -> NEVER.describedAs("GET /order/7").until(() -> 404, status -> status == 200))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("GET /order/7: Not as expected within 30 ms")
                    .hasMessageEndingWith("last value: 404");
        }

        @Test
        void fails_at_once_when_a_poll_throws() {
            AtomicInteger polls = new AtomicInteger();

            assertThatThrownBy(() -> SOON.until(() -> {
                polls.incrementAndGet();
                throw new IOException("connection refused");
            }, s -> true))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("connection refused")
                    .hasCauseInstanceOf(IOException.class);
            assertThat(polls.get()).isEqualTo(1);
        }

        @Test
        void polls_once_with_a_zero_timeout() {
            AtomicInteger polls = new AtomicInteger();

            assertThatThrownBy(() -> Eventually.within(Duration.ZERO).until(polls::incrementAndGet, n -> false))
                    .isInstanceOf(AssertionError.class);
            assertThat(polls.get()).isEqualTo(1);
        }
    }

    @Nested
    class Until_a_condition {
        @Test
        void returns_once_it_holds() {
            AtomicInteger polls = new AtomicInteger();

            SOON.until(() -> polls.incrementAndGet() == 4);

            assertThat(polls.get()).isEqualTo(4);
        }

        @Test
        void fails_when_it_never_holds() {
            assertThatThrownBy(() -> NEVER.until(() -> false)).isInstanceOf(AssertionError.class);
        }
    }

    @Nested
    class Until_asserted {
        @Test
        void returns_once_the_assertion_passes() {
            AtomicInteger polls = new AtomicInteger();

            SOON.untilAsserted(() -> assertThat(polls.incrementAndGet()).isEqualTo(5));

            assertThat(polls.get()).isEqualTo(5);
        }

        @Test
        void fails_with_the_last_assertion_error_as_cause() {
            AtomicInteger polls = new AtomicInteger();

            assertThatThrownBy(() -> NEVER.untilAsserted(() -> assertThat(polls.incrementAndGet()).isNegative()))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("Still failing after 30 ms")
                    .cause().isInstanceOf(AssertionError.class)
                    .hasMessageContaining(String.valueOf(polls.get()));
        }

        @Test
        void does_not_retry_an_exception_that_is_not_an_assertion_error() {
            AtomicInteger polls = new AtomicInteger();

            assertThatThrownBy(() -> SOON.untilAsserted(() -> {
                polls.incrementAndGet();
                throw new IllegalStateException("broken");
            })).isInstanceOf(IllegalStateException.class).hasMessage("broken");
            assertThat(polls.get()).isEqualTo(1);
        }
    }

    @Test
    void refuses_a_negative_timeout_and_a_pause_that_is_not_positive() {
        assertThatThrownBy(() -> Eventually.within(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SOON.pollEvery(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
