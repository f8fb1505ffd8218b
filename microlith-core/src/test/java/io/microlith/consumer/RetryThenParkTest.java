package io.microlith.consumer;

import io.microlith.message.Message;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryThenParkTest {
    private static final RetryPolicy THREE_ATTEMPTS = RetryPolicy.backoff(3, Duration.ZERO, Duration.ZERO);

    private final Parts parts = new Parts();
    private final AtomicInteger calls = new AtomicInteger();

    /** A handler that fails {@code failures} times, then succeeds. */
    private RetryThenPark failingTimes(int failures, HoldBack holdBack) {
        return parts.handling(Parts.dispatcher("Deposited", (body, message) -> {
            if (calls.incrementAndGet() <= failures) {
                throw new IOException("attempt " + calls.get() + " failed");
            }
        }), THREE_ATTEMPTS, holdBack);
    }

    @Nested
    class WhatFailureMeans {
        @Test
        void an_exception_from_handler_code_is_the_handlers_failure_to_retry() {
            IOException failure = new IOException("disk");

            assertThat(RetryThenPark.attempt(() -> {
                throw failure;
            })).isSameAs(failure);
            assertThat(RetryThenPark.attempt(() -> {
            })).isNull();
        }

        @Test
        void an_error_from_handler_code_crashes_the_consumer() {
            // issue 9 will retry and park these too (all but the JVM's resource exhaustion)
            assertThatThrownBy(() -> RetryThenPark.attempt(() -> {
                throw new AssertionError("broken");
            })).isInstanceOf(AssertionError.class);
        }
    }

    @Nested
    class Retry {
        @Test
        void tries_again_until_the_handler_succeeds() {
            Message message = parts.write("account-1", "Deposited");

            assertThat(failingTimes(2, HoldBack.STREAM).handle(message, null)).isTrue();

            assertThat(calls).hasValue(3);
            assertThat(parts.parking.list()).isEmpty();
            assertThat(parts.lastError.description()).contains("attempt 2 failed");
        }

        @Test
        void parks_after_the_last_attempt_and_holds_the_stream_back() {
            Message message = parts.write("account-1", "Deposited");

            assertThat(failingTimes(3, HoldBack.STREAM).handle(message, null)).isFalse();

            assertThat(parts.parking.list()).singleElement().satisfies(parked -> {
                assertThat(parked.messageId()).isEqualTo(message.id());
                assertThat(parked.attempts()).isEqualTo(3);
                assertThat(parked.error()).contains("attempt 3 failed");
            });
            assertThat(parts.parking.isHeld(message.streamName())).isTrue();
        }

        @Test
        void parks_without_holding_the_stream_when_told_not_to() {
            Message message = parts.write("account-1", "Deposited");

            failingTimes(3, HoldBack.NOTHING).handle(message, null);

            assertThat(parts.parking.list()).hasSize(1);
            assertThat(parts.parking.isHeld(message.streamName())).isFalse();
        }

        @Test
        void abandons_the_message_when_the_consumer_stops_during_a_backoff() {
            Message message = parts.write("account-1", "Deposited");
            parts.wakeUps.stop();

            assertThatThrownBy(() -> failingTimes(3, HoldBack.STREAM).handle(message, null))
                    .isInstanceOf(RetryThenPark.Abandoned.class);
            assertThat(calls).hasValue(1);
            assertThat(parts.parking.list()).isEmpty();
        }

        @Test
        void a_replay_that_fails_again_parks_the_message_in_place_of_the_original() {
            Message message = parts.write("account-1", "Deposited");
            RetryThenPark handling = failingTimes(6, HoldBack.STREAM);
            handling.handle(message, null);
            ParkedMessage original = parts.parking.list().getFirst();

            assertThatThrownBy(() -> handling.handle(message, original))
                    .isInstanceOf(ReplayFailedException.class);
            assertThat(parts.parking.list()).singleElement()
                    .satisfies(parked -> assertThat(parked.error()).contains("attempt 6 failed"));
            assertThat(parts.parking.isHeld(message.streamName())).isTrue();
        }
    }

    @Nested
    class Due {
        @Test
        void a_message_is_due_when_a_handler_takes_it_and_its_stream_is_not_held() {
            RetryThenPark handling = failingTimes(3, HoldBack.STREAM);
            Message parked = parts.write("account-1", "Deposited");
            handling.handle(parked, null);

            assertThat(handling.isDue(parts.write("account-2", "Deposited"))).isTrue();
            assertThat(handling.isDue(parts.write("account-1", "Deposited"))).as("held back").isFalse();
            assertThat(handling.isDue(parts.write("account-2", "Withdrawn"))).as("no handler").isFalse();
        }
    }
}
