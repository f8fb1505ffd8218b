package io.microlith.consumer;

/**
 * A transactional position store, for a consumer that a broker delivers to, whose position never moves back: a
 * replay of a parked message commits the position it had ({@code Long.MAX_VALUE} from the broker's handling, which
 * keeps no position, means "unchanged"), and a message below the position (a broker's redelivery) leaves it.
 */
final class ForwardOnlyPositions implements TransactionalPositionStore {
    private final TransactionalPositionStore delegate;
    private long committed = -1;

    ForwardOnlyPositions(TransactionalPositionStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void begin() throws Exception {
        delegate.begin();
    }

    @Override
    public synchronized void commit(long globalPosition) throws Exception {
        if (committed < 0) {
            committed = delegate.load();
        }
        long position = globalPosition == Long.MAX_VALUE ? committed : Math.max(committed, globalPosition);
        delegate.commit(position);
        committed = position;
    }

    @Override
    public void rollback() {
        delegate.rollback();
    }

    @Override
    public long load() {
        return delegate.load();
    }
}
