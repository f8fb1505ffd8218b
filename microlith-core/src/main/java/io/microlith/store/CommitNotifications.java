package io.microlith.store;

/**
 * Wakes readers when messages are committed, so that followers need not poll.
 * Notifications are hints, not data: a listener reads the store to learn what arrived. They may be
 * coalesced or (for stores across processes) occasionally lost, so a follower keeps a slow fallback poll.
 */
public interface CommitNotifications {

    /**
     * Calls {@code listener} after each commit, once per category written, on the committing thread or
     * a notifier thread. Listeners must return quickly (signal a waiting thread, no I/O).
     *
     * @return a handle that stops the notifications when closed
     */
    Registration onCommit(CommitListener listener);

    /** Receives commit notifications. */
    @FunctionalInterface
    interface CommitListener {
        /**
         * @param category           a category that received messages
         * @param lastGlobalPosition the highest global position of the commit in that category
         *                           (may be {@code 0} when the store cannot tell)
         */
        void committed(String category, long lastGlobalPosition);
    }

    /** Stops a registration; closing twice does nothing. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
