package io.microlith.store;

/**
 * The message store: append-only streams of messages, read by stream or by category.
 *
 * <p>Every implementation passes the conformance suite in {@code microlith-testkit}, which proves the
 * invariants: acknowledged messages are never lost or changed; stream positions have no gaps; global
 * positions strictly increase; expected versions are checked exactly under concurrency; a message id
 * is never stored twice ({@link DuplicateMessageIdException}); consumer groups put each stream on one
 * member; no reader by global position skips a committed message; and an {@link AppendCondition} is checked
 * atomically with its write, also under concurrent writers.
 */
public interface MessageStore extends MessageWriter, StreamReader, CategoryReader, QueryReader, CommitNotifications,
        AutoCloseable {

    /** Releases connections and threads. Calls after close fail with {@link MessageStoreException}. */
    @Override
    void close();
}
