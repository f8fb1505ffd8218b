package io.microlith.consumer;

/**
 * Hears a consumer's progress, on its thread; must return quickly. For progress reports, metrics and
 * tests. Every method does nothing by default.
 */
public interface ConsumerListener {

    /** A batch was processed; {@code position} is the global position of its last message. */
    default void batchProcessed(long position, int messages) {
    }

    /** A read found nothing new: every message up to {@code position} has been processed. */
    default void caughtUp(long position) {
    }

    /** The consumer's thread ended, {@link ConsumerStatus.State#STOPPED stopped} or {@link ConsumerStatus.State#CRASHED crashed}. */
    default void stopped(ConsumerStatus.State state) {
    }
}
