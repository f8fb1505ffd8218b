package io.microlith.consumer;

import io.microlith.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * With a {@link TransactionalPositionStore}: a batch is one transaction with its position. When a handler
 * fails, the batch is rolled back and handled again one message per transaction, so that only the failing
 * message is retried and parked.
 */
final class TransactionalBatches implements BatchProcessing {
    private static final Logger LOG = LoggerFactory.getLogger(Consumer.class);

    private final String consumer;
    private final TransactionalPositionStore transactional;
    private final Dispatcher dispatcher;
    private final RetryThenPark handling;
    private final PositionKeeper positions;
    private final ConsumerListener listener;

    TransactionalBatches(String consumer, TransactionalPositionStore transactional, Dispatcher dispatcher,
                         RetryThenPark handling, PositionKeeper positions, ConsumerListener listener) {
        this.consumer = consumer;
        this.transactional = transactional;
        this.dispatcher = dispatcher;
        this.handling = handling;
        this.positions = positions;
        this.listener = listener;
    }

    @Override
    public void process(List<Message> batch) {
        long[] took = new long[batch.size()];
        Throwable failure = RetryThenPark.attempt(() -> inOneTransaction(batch, took));
        if (failure == null) {
            positions.savedAt(batch.getLast().globalPosition());
            // reported once committed: a batch rolled back is handled again, one message per transaction
            for (int i = 0; i < took.length; i++) {
                if (took[i] >= 0) {
                    listener.handled(batch.get(i), Duration.ofNanos(took[i]));
                }
            }
            return;
        }
        LOG.debug("Batch of consumer {} failed, handling it one message per transaction", consumer, failure);
        for (Message message : batch) {
            if (!handling.handleIfDue(message)) {
                // skipped or parked: the position still moves past it, in a transaction of its own
                transactional.save(message.globalPosition());
            }
            positions.savedAt(message.globalPosition());
        }
    }

    /** @param took filled with each message's handling time in nanoseconds, -1 for one not due */
    private void inOneTransaction(List<Message> batch, long[] took) throws Exception {
        try {
            transactional.begin();
            for (int i = 0; i < took.length; i++) {
                Message message = batch.get(i);
                took[i] = -1;
                if (handling.isDue(message)) {
                    long start = System.nanoTime();
                    dispatcher.dispatch(message);
                    took[i] = System.nanoTime() - start;
                }
            }
            transactional.commit(batch.getLast().globalPosition());
        } catch (Throwable t) {
            transactional.rollback();
            throw t;
        }
    }
}
