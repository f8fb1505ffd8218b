package io.microlith.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Waits in a test for something that becomes true asynchronously (a view that catches up, a consumer
 * that reaches a position, a subscriber that connects), instead of a hand-written loop over a deadline:
 *
 * <pre>{@code
 * TestResponse order = Eventually.within(Duration.ofSeconds(10))
 *         .until(() -> client.get("/order/7"), answer -> answer.status() == 200);
 * Eventually.within(Duration.ofSeconds(10))
 *         .untilAsserted(() -> assertThat(mailer.sentTo(email)).hasSize(1));
 * }</pre>
 *
 * <p>It polls on the calling thread: at once, then after 1 ms, doubling the pause up to
 * {@link #pollEvery(Duration) a maximum} (50 ms by default), until the condition holds or the timeout has
 * passed; the last poll starts before the deadline, so a slow poll may end after it. A timeout is not a
 * timing assertion but a safety net: choose it generous. On failure it throws an {@link AssertionError}
 * naming the timeout and the last value seen (or the last assertion's failure, as its cause).
 *
 * <p>A poll that throws anything else than an {@link AssertionError} fails at once: an exception is a
 * fault, not a "not yet". Interruption fails with the thread's interrupt flag set again. Instances are
 * immutable and may be shared.
 */
public final class Eventually {
    private static final Duration FIRST_PAUSE = Duration.ofMillis(1);

    private final Duration timeout;
    private final Duration maxPause;
    private final String description;

    private Eventually(Duration timeout, Duration maxPause, String description) {
        this.timeout = timeout;
        this.maxPause = maxPause;
        this.description = description;
    }

    /** Polls for at most {@code timeout} (not negative; zero polls once). */
    public static Eventually within(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("A timeout cannot be negative, was " + timeout);
        }
        return new Eventually(timeout, Duration.ofMillis(50), null);
    }

    /** The longest pause between two polls (positive); the pauses grow from 1 ms up to it. */
    public Eventually pollEvery(Duration maxPause) {
        Objects.requireNonNull(maxPause, "maxPause");
        if (maxPause.isNegative() || maxPause.isZero()) {
            throw new IllegalArgumentException("A pause between polls must be positive, was " + maxPause);
        }
        return new Eventually(timeout, maxPause, description);
    }

    /** Names what is awaited (e.g. {@code "GET /order/7"}) at the start of the failure's message. */
    public Eventually describedAs(String description) {
        return new Eventually(timeout, maxPause, Objects.requireNonNull(description, "description"));
    }

    /**
     * Polls {@code poll} until its value satisfies {@code condition}, and returns that value.
     *
     * @throws AssertionError when no value satisfied it within the timeout, naming the last value
     */
    public <T> T until(Poll<T> poll, Predicate<? super T> condition) {
        Objects.requireNonNull(poll, "poll");
        Objects.requireNonNull(condition, "condition");
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration pause = FIRST_PAUSE;
        while (true) {
            T value = call(poll);
            if (condition.test(value)) {
                return value;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError(prefix() + "Not as expected within " + timeout.toMillis() + " ms; last value: " + value);
            }
            pause = sleep(pause);
        }
    }

    /**
     * Polls {@code condition} until it is true.
     *
     * @throws AssertionError when it was still false after the timeout
     */
    public void until(Condition condition) {
        Objects.requireNonNull(condition, "condition");
        until(condition::holds, Boolean::booleanValue);
    }

    /**
     * Runs {@code assertion} until it no longer throws an {@link AssertionError}.
     *
     * @throws AssertionError when it still failed after the timeout, with the last failure as its cause and
     *                        in its message
     */
    public void untilAsserted(Assertion assertion) {
        Objects.requireNonNull(assertion, "assertion");
        AssertionError[] last = {null};
        try {
            until(() -> {
                try {
                    assertion.check();
                    return true;
                } catch (AssertionError failure) {
                    last[0] = failure;
                    return false;
                }
            }, Boolean::booleanValue);
        } catch (AssertionError timedOut) {
            if (last[0] == null) {
                throw timedOut;
            }
            throw new AssertionError(prefix() + "Still failing after " + timeout.toMillis() + " ms: " + last[0].getMessage(),
                    last[0]);
        }
    }

    private String prefix() {
        return description == null ? "" : description + ": ";
    }

    private <T> T call(Poll<T> poll) {
        try {
            return poll.get();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(prefix() + "Interrupted while waiting", e);
        } catch (Exception e) {
            throw new AssertionError(prefix() + "The poll failed: " + e, e);
        }
    }

    private Duration sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(prefix() + "Interrupted while waiting", e);
        }
        Duration next = pause.multipliedBy(2);
        return next.compareTo(maxPause) > 0 ? maxPause : next;
    }

    /** Reads the value to check; may block for a while (e.g. a queue's poll with a timeout). */
    @FunctionalInterface
    public interface Poll<T> {
        T get() throws Exception;
    }

    /** A condition to poll. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** An assertion to run again until it passes: it fails by throwing an {@link AssertionError}. */
    @FunctionalInterface
    public interface Assertion {
        void check() throws Exception;
    }
}
