package io.microlith.consumer;

import io.microlith.internal.runtime.Categories;
import io.microlith.internal.runtime.WakeUps;
import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.store.MessageStore;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.LockSupport;

/**
 * A consumer's handlers, retries and parking without its read loop: for transports that receive messages from
 * somewhere other than the store (a broker), so that a message delivered by RabbitMQ or Kafka is handled exactly as
 * a {@link Consumer} handles one it read. Built by {@link Consumer.Builder#buildHandling()} from the same builder
 * (handlers, types, {@link RetryPolicy}, {@link HoldBack}, listeners); its parked messages go to the same
 * dead-letter stream, {@code <category>:parked-<name>}.
 *
 * <p>It keeps no position: the transport decides what was delivered before (deduplication) and acknowledges. Call
 * {@link #handle(Message)} from one thread per stream at a time, so that a stream stays in order.
 */
public final class MessageHandling implements AutoCloseable {

    /** What became of a message given to {@link #handle(Message)}. */
    public enum Outcome {
        /** Its handlers returned (or it has none to run: see {@link #NOT_DUE}). */
        HANDLED,
        /** No handler takes its type, or its stream is held back behind a parked message: nothing ran. */
        NOT_DUE,
        /** Its handlers failed after the last attempt: it is parked and the transport may go on. */
        PARKED,
        /** {@link #close()} came during a backoff: it was not handled and must be delivered again. */
        ABANDONED
    }

    private final String name;
    private final String category;
    private final ParkingLot parking;
    private final RetryThenPark retryThenPark;
    private final WakeUps wakeUps;
    private final ParkedMessageRelease release;
    /** Hears each message as a batch of one once it is handled or parked (live views announce their changes then). */
    private final ConsumerListener listeners;
    /** The threads inside {@link #handle}: a close wakes them from a backoff (no waiter is bound to the wake-ups). */
    private final Set<Thread> handling = ConcurrentHashMap.newKeySet();

    private MessageHandling(String name, String category, ParkingLot parking, RetryThenPark retryThenPark,
                            WakeUps wakeUps, ParkedMessageRelease release, ConsumerListener listeners) {
        this.name = name;
        this.category = category;
        this.parking = parking;
        this.retryThenPark = retryThenPark;
        this.wakeUps = wakeUps;
        this.release = release;
        this.listeners = listeners;
        parking.load();
    }

    /** What {@link Consumer.Builder#buildHandling()} builds, from the builder's settings. */
    static MessageHandling of(MessageStore store, String category, String name, Dispatcher dispatcher,
                              ConsumerOptions options, PositionStore positions, ConsumerListener listeners) {
        LastError lastError = new LastError();
        WakeUps wakeUps = new WakeUps();
        ParkingLot parking = new ParkingLot(store, Categories.stream(category, "parked", name));
        // the transport delivered (and dropped, while held) everything up to now: a release reads the held
        // stream from the store to its end
        PositionKeeper everything = new PositionKeeper(name, new PositionStore() {
            @Override
            public long load() {
                return Long.MAX_VALUE;
            }

            @Override
            public void save(long globalPosition) {
            }
        }, 1, lastError);
        everything.load();
        // a transactional position store (a view's) still commits each message with its effects; its position
        // only moves forward, so that the view can go back to reading the store where the broker left it
        TransactionalPositionStore transactional = positions instanceof TransactionalPositionStore t
                ? new ForwardOnlyPositions(t) : null;
        RetryThenPark retryThenPark = new RetryThenPark(name, dispatcher, options, parking, transactional,
                everything, wakeUps, lastError, listeners);
        ParkedMessageRelease release = new ParkedMessageRelease(name, store, parking, dispatcher, retryThenPark,
                everything, new ReentrantLock());
        return new MessageHandling(name, category, parking, retryThenPark, wakeUps, release, listeners);
    }

    /**
     * Handles one message under the retry policy, and parks it after the last attempt; then the listeners hear it as
     * a batch of one ({@link ConsumerListener#batchProcessed}). Whatever the handlers throw is
     * retried and parked, as in a {@link Consumer}; only the JVM's own exhaustion propagates.
     */
    public Outcome handle(Message message) {
        if (!retryThenPark.isDue(message)) {
            return Outcome.NOT_DUE;
        }
        Thread current = Thread.currentThread();
        handling.add(current);
        try {
            if (wakeUps.stopping()) {
                return Outcome.ABANDONED;
            }
            Outcome outcome = retryThenPark.handle(message, null) ? Outcome.HANDLED : Outcome.PARKED;
            // a store consumer tells its listeners after each batch (committed, for a view): here a batch is one message
            listeners.batchProcessed(message.globalPosition(), 1);
            return outcome;
        } catch (RetryThenPark.Abandoned abandoned) {
            return Outcome.ABANDONED;
        } finally {
            handling.remove(current);
        }
    }

    /** Whether a handler takes messages of {@code type}. */
    public boolean handles(String type) {
        return retryThenPark.handlesType(type);
    }

    /** Messages parked under this consumer's name and not released, in global order (as this process knows them). */
    public List<ParkedMessage> parked() {
        return parking.list();
    }

    /**
     * Handles a parked message again and then, when it held its stream back, the rest of that stream as the store has
     * it now (the transport dropped those messages while the stream was held), and lifts the hold. Runs on the
     * calling thread. Messages of the stream the broker delivers again later are handled again (at least once).
     *
     * @throws IllegalArgumentException when no message with that id is parked here
     * @throws ReplayFailedException    when a message still fails after the retry policy (it is parked instead)
     */
    public void replay(UUID messageId) {
        release.release(messageId, true);
    }

    /** Gives up on a parked message, then handles the rest of its stream as {@link #replay(UUID)} does. */
    public void skip(UUID messageId) {
        release.release(messageId, false);
    }

    /** The dead-letter stream, {@code <category>:parked-<name>}. */
    public StreamName parkedStream() {
        return parking.stream();
    }

    public String name() {
        return name;
    }

    public String category() {
        return category;
    }

    /** Ends a retry in progress: its {@link #handle(Message)} returns {@link Outcome#ABANDONED}. Repeatable. */
    @Override
    public void close() {
        wakeUps.stop();
        handling.forEach(LockSupport::unpark);
    }
}
