package io.microlith.consumer;

import io.microlith.message.Message;
import io.microlith.message.MessageLimits;
import io.microlith.message.StreamName;
import io.microlith.store.memory.InMemoryMessageStore;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

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

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.microlith.consumer.RetryThenParkTest#errorsOfHandlerCode")
        void an_error_from_handler_code_is_the_handlers_failure_to_retry_too(String name, Error error) {
            assertThat(RetryThenPark.attempt(() -> {
                throw error;
            })).isSameAs(error);
        }

        @Test
        void what_toPlainString_throws_for_1e_minus_2147483647_is_the_handlers_failure() {
            Throwable failure = RetryThenPark.attempt(() -> new BigDecimal("1e-2147483647").toPlainString());

            assertThat(failure).isInstanceOf(OutOfMemoryError.class);
        }

        @Test
        void a_real_stack_overflow_is_the_handlers_failure() {
            Throwable failure = RetryThenPark.attempt(() -> recurse(0));

            assertThat(failure).isInstanceOf(StackOverflowError.class);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.microlith.consumer.RetryThenParkTest#theJvmsOwnExhaustion")
        void the_jvms_own_exhaustion_propagates_to_crash_the_consumer(String name, Error error) {
            assertThatThrownBy(() -> RetryThenPark.attempt(() -> {
                throw error;
            })).isSameAs(error);
        }
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    static Stream<Arguments> errorsOfHandlerCode() {
        return Stream.of(
                Arguments.of("AssertionError", new AssertionError("broken")),
                Arguments.of("StackOverflowError", new StackOverflowError()),
                Arguments.of("NoClassDefFoundError", new NoClassDefFoundError("com/example/Gone")),
                Arguments.of("ExceptionInInitializerError", new ExceptionInInitializerError("static init")),
                Arguments.of("array size", new OutOfMemoryError("Requested array size exceeds VM limit")),
                Arguments.of("string size", new OutOfMemoryError("too large to fit in a String")),
                Arguments.of("builder size", new OutOfMemoryError("Required length exceeds implementation limit")),
                Arguments.of("custom Error", new Error("a library's own")));
    }

    static Stream<Arguments> theJvmsOwnExhaustion() {
        return Stream.of(
                Arguments.of("heap", new OutOfMemoryError("Java heap space")),
                Arguments.of("GC overhead", new OutOfMemoryError("GC overhead limit exceeded")),
                Arguments.of("metaspace", new OutOfMemoryError("Metaspace")),
                Arguments.of("direct memory", new OutOfMemoryError(
                        "Cannot reserve 1024 bytes of direct buffer memory (allocated: 1, limit: 2)")),
                Arguments.of("threads", new OutOfMemoryError(
                        "unable to create native thread: possibly out of memory or process/resource limits reached")),
                Arguments.of("no message", new OutOfMemoryError()),
                Arguments.of("InternalError", new InternalError("the VM is broken")),
                Arguments.of("UnknownError", new UnknownError()));
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
        void parks_a_command_without_holding_back_its_stream_by_default() {
            Message command = parts.write("account:command-1", "Deposited");

            assertThat(failingTimes(3, HoldBack.EVENT_STREAMS).handle(command, null)).isFalse();

            assertThat(parts.parking.list()).singleElement()
                    .satisfies(parked -> assertThat(parked.holdsStream()).isFalse());
            assertThat(parts.parking.isHeld(command.streamName())).isFalse();
        }

        @Test
        void parks_an_event_and_holds_back_its_stream_by_default() {
            Message event = parts.write("account-1", "Deposited");

            assertThat(failingTimes(3, HoldBack.EVENT_STREAMS).handle(event, null)).isFalse();

            assertThat(parts.parking.isHeld(event.streamName())).isTrue();
        }

        @Test
        void parks_an_error_like_an_exception() {
            Message message = parts.write("account-1", "Deposited");
            RetryThenPark handling = parts.handling(Parts.dispatcher("Deposited", (body, m) -> {
                calls.incrementAndGet();
                throw new AssertionError("broken invariant");
            }), THREE_ATTEMPTS, HoldBack.EVENT_STREAMS);

            assertThat(handling.handle(message, null)).isFalse();

            assertThat(calls).hasValue(3);
            assertThat(parts.parking.list()).singleElement()
                    .satisfies(parked -> assertThat(parked.error()).isEqualTo("java.lang.AssertionError: broken invariant"));
        }

        @Test
        void parks_a_failure_whose_description_is_huge_or_unreadable_with_a_short_one() {
            Message huge = parts.write("account-1", "Deposited");
            Message unreadable = parts.write("account-2", "Deposited");
            RetryThenPark handling = parts.handling(Parts.dispatcher("Deposited", (body, m) -> {
                if (m.id().equals(huge.id())) {
                    throw new IllegalArgumentException("x".repeat(2_000_000));
                }
                throw new IllegalStateException() {
                    @Override
                    public String getMessage() {
                        throw new UnsupportedOperationException("no message for you");
                    }
                };
            }), RetryPolicy.noRetry(), HoldBack.EVENT_STREAMS);

            handling.handle(huge, null);
            handling.handle(unreadable, null);

            assertThat(parts.parking.list()).extracting(ParkedMessage::error).satisfiesExactly(
                    error -> assertThat(error).hasSize(ParkingLot.MAX_ERROR_LENGTH).endsWith("…"),
                    error -> assertThat(error).contains("could not be read: java.lang.UnsupportedOperationException"));
        }

        @Test
        void a_parked_record_always_fits_the_smallest_store_the_toolkit_allows() {
            String id = "i".repeat(MessageLimits.MAX_STREAM_NAME_BYTES - "account-".length());
            Message message = parts.write("account-" + id, "Deposited");
            ParkingLot smallest = new ParkingLot(new InMemoryMessageStore(MessageLimits.MIN_MAX_MESSAGE_BYTES),
                    StreamName.of("account:parked-c"));
            Throwable worst = new IllegalStateException("\u0001".repeat(10 * ParkingLot.MAX_ERROR_LENGTH));

            smallest.park(message, worst, 5, true, null);

            assertThat(smallest.list()).singleElement().satisfies(parked -> assertThat(parked.error()).hasSize(
                    ParkingLot.MAX_ERROR_LENGTH));
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
