package io.microlith.store;

/**
 * The message store: append-only streams of messages, read by stream or by category.
 *
 * <p>Every implementation passes the conformance suite in {@code microlith-testkit}, which proves the
 * invariants: acknowledged messages are never lost or changed; stream positions have no gaps; global
 * positions strictly increase; expected versions are checked exactly under concurrency; a message id
 * is never stored twice ({@link DuplicateMessageIdException}); consumer groups put each stream on one
 * member; and no reader by global position skips a committed message.
 */
public interface MessageStore extends MessageWriter, StreamReader, CategoryReader, CommitNotifications, AutoCloseable {

    /** Releases connections and threads. Calls after close fail with {@link MessageStoreException}. */
    @Override
    void close();
}
