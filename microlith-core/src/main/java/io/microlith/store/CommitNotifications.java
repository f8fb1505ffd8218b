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

    /**
     * Hands each commit's messages to {@code listener}, for stores that have them at hand (the in-memory
     * store), so that an in-process follower of every message (the buses' correlation waits) need not read
     * them back. Called right after each commit, in commit order, one commit at a time, possibly while the
     * store holds its write lock: the listener must be quick, must not block and must not call the store.
     *
     * <p>A store that offers this hands over <em>every</em> message written to it (every write passes through this
     * process): a component's entity cache relies on it to skip reading what it was handed (decision 0100). A store
     * that other processes write to must not offer it.
     *
     * <p>Optional: the default returns empty, and followers then read the store after {@link #onCommit}.
     *
     * @return a handle that stops the calls when closed, or empty when the store does not offer this
     */
    default java.util.Optional<Registration> onCommittedMessages(CommittedMessagesListener listener) {
        return java.util.Optional.empty();
    }

    /** Receives the messages of each commit; see {@link #onCommittedMessages}. */
    @FunctionalInterface
    interface CommittedMessagesListener {
        /** @param messages the commit's messages in global position order, never empty */
        void committed(java.util.List<io.microlith.message.Message> messages);
    }

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
