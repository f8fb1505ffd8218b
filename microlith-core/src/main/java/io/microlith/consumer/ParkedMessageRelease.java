package io.microlith.consumer;

import io.microlith.message.Message;
import io.microlith.store.MessageStore;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.Lock;

/**
 * Releases a parked message ({@link Consumer#replay(UUID)}, {@link Consumer#skip(UUID)}): handles it again
 * or not, then the messages of its stream it held back, in order, then lifts the hold. Runs on the caller's
 * thread, between two batches of the consumer.
 */
final class ParkedMessageRelease {
    private static final int BATCH = 1000;

    private final String consumer;
    private final MessageStore store;
    private final ParkingLot parking;
    private final Dispatcher dispatcher;
    private final RetryThenPark handling;
    private final PositionKeeper positions;
    /** The consumer's batch lock: a release never interleaves with a batch. */
    private final Lock processing;

    ParkedMessageRelease(String consumer, MessageStore store, ParkingLot parking, Dispatcher dispatcher,
                         RetryThenPark handling, PositionKeeper positions, Lock processing) {
        this.consumer = consumer;
        this.store = store;
        this.parking = parking;
        this.dispatcher = dispatcher;
        this.handling = handling;
        this.positions = positions;
        this.processing = processing;
    }

    /**
     * @param handleParked true to handle the parked message again (replay), false to give up on it (skip)
     * @throws IllegalArgumentException when no message with that id is parked here
     * @throws ReplayFailedException    when a message still fails after the retry policy
     */
    void release(UUID messageId, boolean handleParked) {
        processing.lock();
        try {
            ParkedMessage p = parking.get(messageId).orElseThrow(() -> new IllegalArgumentException(
                    "No message " + messageId + " is parked by consumer " + consumer + " (see parked())"));
            List<Message> messages = store.readStream(p.streamName(), p.position(), p.holdsStream() ? BATCH : 1);
            long from = p.position();
            while (!messages.isEmpty()) {
                for (Message message : messages) {
                    if (message.globalPosition() > positions.position()) {
                        // not read by the consumer yet: it will be handled live once the hold is lifted
                        parking.release(p, handleParked ? "replayed" : "skipped");
                        return;
                    }
                    boolean isParked = message.id().equals(p.messageId());
                    if ((!isParked || handleParked) && dispatcher.handles(message.type())) {
                        handling.handle(message, p);
                    }
                    from = message.position() + 1;
                }
                messages = p.holdsStream() ? store.readStream(p.streamName(), from, BATCH) : List.of();
            }
            parking.release(p, handleParked ? "replayed" : "skipped");
        } finally {
            processing.unlock();
        }
    }
}
