package io.microlith.consumer;

import java.time.Duration;
import java.util.Objects;

/**
 * What a consumer does when a handler throws: it tries the same message again, waiting
 * {@code initialBackoff}, then twice as long each time up to {@code maxBackoff}, for at most
 * {@code maxAttempts} attempts in all; after the last failed attempt it parks the message
 * (see {@link HoldBack}) and goes on.
 *
 * <p>Whatever a handler throws is retried and parked: any exception, and any error except the JVM's own
 * exhaustion or breakage (an {@link OutOfMemoryError} for lack of heap or another resource, an
 * {@link InternalError}), which stops the consumer at once without saving its position, like a crash: on
 * restart it resumes from the last saved position. See {@link Consumer} for the exact line.
 *
 * @param maxAttempts    at least 1 (1 means: park on the first failure)
 * @param initialBackoff the wait before the second attempt, not negative
 * @param maxBackoff     the longest wait between attempts, at least {@code initialBackoff}
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** 5 attempts, waiting 10 ms, 20 ms, 40 ms, 80 ms between them. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(10), Duration.ofSeconds(1));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("A retry policy needs at least 1 attempt, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("Initial backoff must not be negative, was " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("Max backoff " + maxBackoff + " is below initial backoff " + initialBackoff);
        }
    }

    /** {@code maxAttempts} attempts with exponential backoff from {@code initial} up to {@code max}. */
    public static RetryPolicy backoff(int maxAttempts, Duration initial, Duration max) {
        return new RetryPolicy(maxAttempts, initial, max);
    }

    /** Park on the first failure, no retry. */
    public static RetryPolicy noRetry() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /** The wait after failed attempt number {@code attempt} (1-based). */
    public Duration backoffAfter(int attempt) {
        Duration wait = initialBackoff;
        for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
