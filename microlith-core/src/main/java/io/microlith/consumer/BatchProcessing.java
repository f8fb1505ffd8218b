package io.microlith.consumer;

import io.microlith.message.Message;

import java.util.List;

/**
 * How a consumer processes a batch it read, chosen once when it is built: {@link TransactionalBatches} when
 * its position store is transactional, {@link StreamLanes} when its concurrency is above 1, else
 * {@link OneAtATime}. Runs on the consumer's thread, between two reads, with replays locked out.
 */
sealed interface BatchProcessing permits OneAtATime, StreamLanes, TransactionalBatches {

    /**
     * Handles (or skips, or parks) every message of the batch and moves the position past what it processed.
     *
     * @param batch messages in global order, not empty
     * @throws RuntimeException when the store fails outside a handler (parking, saving); what was processed
     *                          stays processed, and the consumer reads the rest again
     */
    void process(List<Message> batch);

    static BatchProcessing choose(String consumer, int concurrency, PositionStore positionStore,
                                  Dispatcher dispatcher, RetryThenPark handling, PositionKeeper positions,
                                  ConsumerListener listener) {
        if (positionStore instanceof TransactionalPositionStore transactional) {
            return new TransactionalBatches(consumer, transactional, dispatcher, handling, positions, listener);
        }
        OneAtATime oneAtATime = new OneAtATime(handling, positions);
        return concurrency > 1 ? new StreamLanes(consumer, concurrency, handling, positions, oneAtATime) : oneAtATime;
    }
}
