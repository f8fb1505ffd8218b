package io.microlith.consumer;

import io.microlith.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    TransactionalBatches(String consumer, TransactionalPositionStore transactional, Dispatcher dispatcher,
                         RetryThenPark handling, PositionKeeper positions) {
        this.consumer = consumer;
        this.transactional = transactional;
        this.dispatcher = dispatcher;
        this.handling = handling;
        this.positions = positions;
    }

    @Override
    public void process(List<Message> batch) {
        Throwable failure = RetryThenPark.attempt(() -> inOneTransaction(batch));
        if (failure == null) {
            positions.savedAt(batch.getLast().globalPosition());
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

    private void inOneTransaction(List<Message> batch) throws Exception {
        try {
            transactional.begin();
            for (Message message : batch) {
                if (handling.isDue(message)) {
                    dispatcher.dispatch(message);
                }
            }
            transactional.commit(batch.getLast().globalPosition());
        } catch (Throwable t) {
            transactional.rollback();
            throw t;
        }
    }
}
