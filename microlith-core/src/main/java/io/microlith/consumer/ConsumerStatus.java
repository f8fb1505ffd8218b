package io.microlith.consumer;

import io.microlith.store.ConsumerGroup;

/**
 * A snapshot of a consumer, for an admin page or a health check.
 *
 * @param name         the consumer's name
 * @param category     the category it reads
 * @param group        its consumer group, or {@code null}
 * @param state        its life-cycle state
 * @param position     the global position of the last message it processed (0: none yet)
 * @param headPosition the store's highest global position when the snapshot was taken; the difference is
 *                     an upper bound of the lag, since other categories share the global positions
 * @param parked       how many of its messages are parked
 * @param lastError    the last handler failure, or {@code null}
 */
public record ConsumerStatus(String name, String category, ConsumerGroup group, State state, long position,
                             long headPosition, int parked, String lastError) {

    /** A consumer's life cycle. */
    public enum State {
        /** Built, not started. */
        NEW,
        /** Reading and handling. */
        RUNNING,
        /** Stopped by {@link Consumer#stop()}. */
        STOPPED,
        /** Stopped by an {@link Error} from a handler or the store, position not saved. */
        CRASHED
    }
}
