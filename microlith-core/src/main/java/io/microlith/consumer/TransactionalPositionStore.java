package io.microlith.consumer;

/**
 * A position store that saves the position in the same transaction as the handlers' effects, for
 * exactly-once effects on view data (see {@code io.microlith.jdbc} in microlith-jdbc).
 *
 * <p>A consumer given one runs each batch as one transaction: {@link #begin()}, the handlers,
 * {@link #commit(long)} with the batch's last global position. When a handler throws, the consumer
 * {@link #rollback() rolls back} and handles the batch again one message per transaction, so that only the
 * failing message is retried and, at last, parked. A crash in the middle of a batch commits nothing of it.
 */
public interface TransactionalPositionStore extends PositionStore {

    /** Starts a transaction on the calling (consumer) thread. */
    void begin() throws Exception;

    /** Saves {@code globalPosition} in the current transaction and commits it. */
    void commit(long globalPosition) throws Exception;

    /** Rolls the current transaction back; does nothing when none is open. Must not throw. */
    void rollback();

    /** Saves the position in a transaction of its own. */
    @Override
    default void save(long globalPosition) {
        try {
            begin();
            commit(globalPosition);
        } catch (RuntimeException e) {
            rollback();
            throw e;
        } catch (Exception e) {
            rollback();
            throw new IllegalStateException("Could not save position " + globalPosition + ": " + e.getMessage(), e);
        }
    }
}
