package io.microlith.consumer;

import io.microlith.internal.runtime.Categories;
import io.microlith.internal.runtime.WakeUps;
import io.microlith.message.StreamName;
import io.microlith.store.CategoryQuery;
import io.microlith.store.ConsumerGroup;
import io.microlith.store.MessageStore;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The part of a {@link Consumer} that reads the store: its thread reads the category in batches from the kept
 * position ({@link Subscription}), hands each batch to its handlers with retries and parking, and saves the position;
 * parked messages are released between two batches.
 */
final class ReadLoop implements Receiving {
    private final String name;
    private final String category;
    private final ConsumerGroup group;
    private final MessageStore store;
    private final LastError lastError = new LastError();
    private final PositionKeeper positions;
    private final ParkingLot parking;
    private final Subscription subscription;
    private final ParkedMessageRelease release;
    private final ConsumerThread thread;

    /**
     * @param id            the name with {@code +<member>} for a group member: it names the position and parked streams
     * @param positionStore where the position is kept
     */
    ReadLoop(MessageStore store, String category, String name, String id, ConsumerOptions options,
             PositionStore positionStore, Dispatcher dispatcher, ConsumerListener listener) {
        this.name = name;
        this.category = category;
        this.group = options.group();
        this.store = store;
        WakeUps wakeUps = new WakeUps();
        this.positions = new PositionKeeper(name, positionStore, options.positionUpdateInterval(), lastError);
        this.parking = new ParkingLot(store, Categories.stream(category, "parked", id));
        RetryThenPark handling = new RetryThenPark(name, dispatcher, options, parking,
                positionStore instanceof TransactionalPositionStore t ? t : null, positions, wakeUps, lastError, listener);
        BatchProcessing batches = BatchProcessing.choose(name, options.concurrency(), positionStore, dispatcher,
                handling, positions, listener);
        Lock processing = new ReentrantLock();
        CategoryQuery query = CategoryQuery.of(category).batchSize(options.batchSize());
        this.subscription = new Subscription(name, store, group == null ? query : query.consumerGroup(group),
                options.pollInterval(), positions, batches, processing, wakeUps, listener, lastError);
        this.release = new ParkedMessageRelease(name, store, parking, dispatcher, handling, positions, processing);
        this.thread = new ConsumerThread(name, subscription, wakeUps, listener);
    }

    @Override
    public void start() {
        thread.start(() -> {
            positions.load();
            parking.load();
        });
    }

    @Override
    public void stop() {
        thread.stop();
    }

    @Override
    public long caughtUpTo() {
        return subscription.caughtUpTo();
    }

    @Override
    public long position() {
        return positions.position();
    }

    @Override
    public ConsumerStatus status() {
        return new ConsumerStatus(name, category, group, thread.state(), positions.position(),
                store.headGlobalPosition(), parking.size(), lastError.description());
    }

    @Override
    public StreamName parkedStream() {
        return parking.stream();
    }

    @Override
    public List<ParkedMessage> parked() {
        return parking.list();
    }

    @Override
    public void replay(UUID messageId) {
        release.release(messageId, true);
    }

    @Override
    public void skip(UUID messageId) {
        release.release(messageId, false);
    }

    @Override
    public void wakeUp() {
        subscription.wakeUp();
    }
}
