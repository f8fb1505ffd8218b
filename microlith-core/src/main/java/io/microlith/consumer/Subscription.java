package io.microlith.consumer;

import io.microlith.internal.runtime.WakeUps;
import io.microlith.message.Message;
import io.microlith.store.CategoryQuery;
import io.microlith.store.CommitNotifications;
import io.microlith.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Lock;

/**
 * A consumer's read loop, on its thread: reads its category in batches from the position, hands each batch to
 * its {@link BatchProcessing}, and sleeps while there is nothing to read until a commit notification for the
 * category (or the fallback poll) wakes it. A batch shorter than the read's size was everything there was: the loop
 * sleeps after it at once, unless a notification came meanwhile, instead of reading again to find nothing. Tracks how
 * far it has {@link #caughtUpTo() caught up}.
 */
final class Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(Consumer.class);

    private final String consumer;
    private final MessageStore store;
    private final CategoryQuery query;
    private final Duration pollInterval;
    private final PositionKeeper positions;
    private final BatchProcessing batches;
    /** Held while a batch is processed, so that replays never interleave with it. */
    private final Lock processing;
    private final WakeUps wakeUps;
    private final ConsumerListener listener;
    private final LastError lastError;
    private final CatchUp catchUp;
    private CommitNotifications.Registration notifications;

    Subscription(String consumer, MessageStore store, CategoryQuery query, Duration pollInterval,
                 PositionKeeper positions, BatchProcessing batches, Lock processing, WakeUps wakeUps,
                 ConsumerListener listener, LastError lastError) {
        this.consumer = consumer;
        this.store = store;
        this.query = query;
        this.pollInterval = pollInterval;
        this.positions = positions;
        this.batches = batches;
        this.processing = processing;
        this.wakeUps = wakeUps;
        this.listener = listener;
        this.lastError = lastError;
        this.catchUp = new CatchUp(store::headGlobalPosition);
    }

    /** Listens for commits and starts the fallback poll for {@code loop}, the thread that will {@link #run()}. */
    void open(Thread loop) {
        catchUp.start();
        notifications = store.onCommit((category, last) -> {
            catchUp.noteHead(last);
            if (category.equals(query.category())) {
                wakeUps.wake();
            }
        });
        wakeUps.start(loop, pollInterval);
    }

    /** Stops listening; called when the loop is over. */
    void close() {
        notifications.close();
        wakeUps.close();
    }

    /** Reads now, and asks the store for its head, in case a notification was lost. */
    void wakeUp() {
        catchUp.askHead();
        wakeUps.wake();
    }

    /** See {@link Consumer#caughtUpTo()}. */
    long caughtUpTo() {
        return catchUp.caughtUpTo();
    }

    /**
     * Reads and processes until stopped (then saves the position) or until an {@link Error} (then does not):
     * the JVM's own exhaustion from a handler, or any error from the consumer's own work.
     *
     * @return {@link ConsumerStatus.State#STOPPED} or {@link ConsumerStatus.State#CRASHED}
     */
    ConsumerStatus.State run() {
        try {
            boolean lastBatchShort = true;
            while (!wakeUps.stopping()) {
                // the head known before a read that comes back short bounds what this consumer has caught up
                // with; commit notifications keep it, so the store is asked only when they cannot tell
                long head = lastBatchShort ? catchUp.knownHead() : -1;
                List<Message> batch = read();
                if (batch == null) {
                    continue;
                }
                lastBatchShort = batch.size() < query.batchSize();
                if (batch.isEmpty()) {
                    catchUp.caughtUp(head);
                    listener.caughtUp(positions.position());
                    idle();
                    continue;
                }
                if (!process(batch)) {
                    continue;
                }
                if (lastBatchShort) {
                    catchUp.caughtUp(head);
                }
                listener.batchProcessed(positions.position(), batch.size());
                if (lastBatchShort && !wakeUps.pending()) {
                    // A short read held everything of the category committed before it, and a commit since would
                    // have woken us (wake-ups are remembered): reading again now would find nothing, so wait.
                    // Saves a read per message when messages come one at a time.
                    listener.caughtUp(positions.position());
                    idle();
                }
            }
            positions.save();
            return ConsumerStatus.State.STOPPED;
        } catch (Error crash) {
            lastError.record(crash);
            LOG.error("Consumer {} of {} crashed at position {}; its position was not saved", consumer,
                    query.category(), positions.position(), crash);
            return ConsumerStatus.State.CRASHED;
        } catch (RetryThenPark.Abandoned abandoned) {
            positions.save();
            return ConsumerStatus.State.STOPPED;
        }
    }

    /** The next batch, or {@code null} after a store failure (logged, retried after a poll interval). */
    private List<Message> read() {
        long from = positions.position() + 1;
        try {
            wakeUps.reading();
            return store.readCategory(query.from(from));
        } catch (RuntimeException e) {
            lastError.record(e);
            LOG.warn("Consumer {} could not read {} from {}; retrying", consumer, query.category(), from, e);
            wakeUps.sleep(pollInterval.toNanos());
            return null;
        }
    }

    /** @return false when the store failed outside a handler: the rest of the batch is read again */
    private boolean process(List<Message> batch) {
        processing.lock();
        try {
            batches.process(batch);
            return true;
        } catch (RetryThenPark.Abandoned abandoned) {
            throw abandoned;
        } catch (RuntimeException e) {
            // the store or the view database failed outside a handler (parking, saving a position):
            // what was processed stays processed; the rest of the batch is read again after a pause
            lastError.record(e);
            LOG.warn("Consumer {} of {} failed after position {}; retrying", consumer, query.category(),
                    positions.position(), e);
            wakeUps.sleep(pollInterval.toNanos());
            return false;
        } finally {
            processing.unlock();
        }
    }

    /** Waits to be woken; saves the position when a poll tick finds that nothing was committed meanwhile. */
    private void idle() {
        if (wakeUps.await() && !wakeUps.stopping()) {
            positions.save();
        }
    }
}
