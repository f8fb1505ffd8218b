package io.microlith.consumer;

import io.microlith.message.Message;

import java.time.Duration;

/**
 * Hears a consumer's progress, on its thread (or, with {@link Consumer.Builder#concurrency(int) concurrency} above
 * 1, on its lanes' threads at once, and on the caller's thread during a {@link Consumer#replay replay}): it must be
 * thread-safe and return quickly. For progress reports, metrics, monitors and tests. Every method does nothing by
 * default.
 */
public interface ConsumerListener {

    /** A batch was processed; {@code position} is the global position of its last message. */
    default void batchProcessed(long position, int messages) {
    }

    /**
     * The consumer processed all it found: a read came back empty, or shorter than the batch size and its batch is
     * processed. Every message up to {@code position} has been processed; the consumer now waits for a commit.
     */
    default void caughtUp(long position) {
    }

    /** The consumer's thread ended, {@link ConsumerStatus.State#STOPPED stopped} or {@link ConsumerStatus.State#CRASHED crashed}. */
    default void stopped(ConsumerStatus.State state) {
    }

    /**
     * The consumer's handlers took {@code message} without failing, in {@code took} (the successful attempt only).
     * Reported once the message's work is committed: with a transactional position store, after the batch's
     * transaction. Messages the consumer has no handler for, or holds back, are not reported.
     */
    default void handled(Message message, Duration took) {
    }

    /**
     * A handler failed on {@code message} at attempt {@code attempt} (1-based) and the message will be tried again
     * after a backoff: the consumer is retrying until the next {@link #handled} or {@link #parked}.
     */
    default void retrying(Message message, int attempt, Throwable failure) {
    }

    /** {@code message} was parked after the retry policy's last attempt. */
    default void parked(ParkedMessage parked) {
    }
}
