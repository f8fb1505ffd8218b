package io.microlith.consumer;

import io.microlith.internal.runtime.Categories;
import io.microlith.internal.runtime.Ticker;
import io.microlith.message.Message;
import io.microlith.message.MessageTypes;
import io.microlith.message.StreamName;
import io.microlith.store.CategoryQuery;
import io.microlith.store.CommitNotifications;
import io.microlith.store.ConsumerGroup;
import io.microlith.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A subscription to one category: reads it in batches from its stored position, in global order, and
 * dispatches each message to the handlers of its type (or a catch-all), on a virtual thread of its own.
 *
 * <pre>{@code
 * Consumer consumer = Consumer.builder(store, "account:command", "accounts")
 *         .handle(Deposit.class, (deposit, message) -> ...)
 *         .build()
 *         .start();
 * ...
 * consumer.stop(); // finishes the batch, saves the position
 * }</pre>
 *
 * <p><b>Position.</b> The global position of the last processed message is saved (by default in the stream
 * {@code <category>:position-<name>}) every {@code positionUpdateInterval} messages, when the consumer
 * goes idle and on {@link #stop()}. After a crash the consumer resumes at the last saved position, so a
 * message may be handled twice: handlers must be idempotent (delivery is at least once).
 *
 * <p><b>Waking.</b> The consumer sleeps while it has nothing to read and wakes on the store's commit
 * notification for its category; it also polls every {@code pollInterval} in case a notification is lost.
 *
 * <p><b>Failures.</b> A handler that throws an {@link Exception} is retried with backoff ({@link RetryPolicy});
 * after the last attempt the message is parked in the dead-letter stream {@code <category>:parked-<name>}
 * and, by default, the rest of its stream is held back ({@link HoldBack}) while other streams go on.
 * {@link #parked()} lists parked messages; {@link #replay(UUID)} and {@link #skip(UUID)} release them.
 * An {@link Error} stops the consumer at once without saving its position, as a crash would.
 *
 * <p><b>Groups.</b> With {@link Builder#group(int, int)} several consumers of the same name share a
 * category: each stream belongs to exactly one member, and each member keeps its own position.
 */
public final class Consumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Consumer.class);

    private final MessageStore store;
    private final String category;
    private final String name;
    private final Dispatcher dispatcher;
    private final CategoryQuery query;
    private final int positionUpdateInterval;
    private final int concurrency;
    private final long pollNanos;
    private final RetryPolicy retry;
    private final HoldBack holdBack;
    private final PositionStore positions;
    private final TransactionalPositionStore transactional;
    private final ParkingLot parking;
    private final ConsumerListener listener;

    /** Held by the consumer thread while it processes a batch, and by replays, so they never interleave. */
    private final ReentrantLock processing = new ReentrantLock();
    private final AtomicBoolean signaled = new AtomicBoolean();
    private final AtomicBoolean ticked = new AtomicBoolean();
    private ScheduledFuture<?> ticks;
    private final Object lifecycle = new Object();
    private volatile Thread thread;
    private volatile ConsumerStatus.State state = ConsumerStatus.State.NEW;
    private volatile boolean stopping;
    private volatile long position;
    private volatile String lastError;
    private volatile long caughtUpTo;
    private final AtomicLong headSeen = new AtomicLong();
    private volatile boolean headUnknown;
    private volatile boolean askHead;
    private long savedPosition;
    private int sinceSave;
    private CommitNotifications.Registration wakeUps;

    private Consumer(Builder b) {
        this.store = b.store;
        this.category = b.category;
        this.name = b.name;
        this.dispatcher = b.handlers.build();
        CategoryQuery q = CategoryQuery.of(category).batchSize(b.batchSize);
        this.query = b.group == null ? q : q.consumerGroup(b.group);
        this.positionUpdateInterval = b.positionUpdateInterval;
        this.concurrency = b.concurrency;
        this.pollNanos = b.pollInterval.toNanos();
        this.retry = b.retry;
        this.holdBack = b.holdBack;
        String id = b.group == null ? name : name + "+" + b.group.member();
        this.positions = b.positions != null ? b.positions
                : PositionStore.inStream(store, Categories.stream(category, "position", id));
        this.transactional = positions instanceof TransactionalPositionStore t ? t : null;
        this.parking = new ParkingLot(store, Categories.stream(category, "parked", id));
        this.listener = b.listener;
    }

    /**
     * Starts building a consumer of {@code category} named {@code name}. The name identifies its position
     * and dead-letter streams: keep it stable across restarts.
     */
    public static Builder builder(MessageStore store, String category, String name) {
        return new Builder(store, category, name);
    }

    /**
     * Loads the position and parked messages, then starts reading on a virtual thread.
     *
     * @throws IllegalStateException when started before
     */
    public Consumer start() {
        synchronized (lifecycle) {
            if (state != ConsumerStatus.State.NEW) {
                throw new IllegalStateException("Consumer " + name + " was already started (" + state + ")");
            }
            position = positions.load();
            savedPosition = position;
            parking.load();
            headSeen.set(store.headGlobalPosition());
            wakeUps = store.onCommit((committed, last) -> {
                noteHead(last);
                if (committed.equals(category)) {
                    wake();
                }
            });
            state = ConsumerStatus.State.RUNNING;
            ticks = Ticker.every(Duration.ofNanos(pollNanos), this::tick);
            thread = Thread.ofVirtual().name("consumer-" + name).start(this::run);
        }
        return this;
    }

    /**
     * Stops gracefully: the current batch is finished (a message in retry is abandoned, to be handled again
     * after restart), the position saved, and the thread ended before this returns. Stopping a consumer
     * that is not running does nothing.
     */
    public void stop() {
        Thread running;
        synchronized (lifecycle) {
            stopping = true;
            running = thread;
            if (state == ConsumerStatus.State.NEW) {
                state = ConsumerStatus.State.STOPPED;
            }
        }
        if (running == null) {
            return;
        }
        LockSupport.unpark(running);
        boolean interrupted = false;
        while (running.isAlive()) {
            try {
                running.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    public String name() {
        return name;
    }

    public String category() {
        return category;
    }

    /**
     * A global position up to which this consumer has processed every message of its category (its part of
     * it, in a group): the store's head as it was before the consumer's last read that found no more.
     * Tests and tools compare it with {@code store.headGlobalPosition()} to know that the consumer is idle.
     */
    public long caughtUpTo() {
        return caughtUpTo;
    }

    /** Every commit up to the highest position notified is visible to a read that starts after this. */
    private void noteHead(long lastGlobalPosition) {
        if (lastGlobalPosition <= 0) {
            headUnknown = true;
            return;
        }
        if (headSeen.get() < lastGlobalPosition) {
            headSeen.accumulateAndGet(lastGlobalPosition, Math::max);
        }
    }

    private long knownHead() {
        if (headUnknown || askHead) {
            headUnknown = false;
            askHead = false;
            noteHead(store.headGlobalPosition());
        }
        return headSeen.get();
    }

    private void caughtUp(long head) {
        if (head > caughtUpTo) {
            caughtUpTo = head;
        }
    }

    /** The global position of the last message processed (handled, skipped or parked); 0 before the first. */
    public long position() {
        return position;
    }

    public ConsumerStatus status() {
        return new ConsumerStatus(name, category, query.consumerGroup(), state, position,
                store.headGlobalPosition(), parking.size(), lastError);
    }

    /** The stream where parked messages are recorded. */
    public StreamName parkedStream() {
        return parking.stream();
    }

    /** Messages parked by this consumer and not yet replayed or skipped, in global order. */
    public List<ParkedMessage> parked() {
        return parking.list();
    }

    /**
     * Handles a parked message again and, when it held its stream back, the messages of that stream it held
     * back; then lifts the hold. Runs on the calling thread between two batches of the consumer (it may wait
     * for the current batch to finish). Delivery stays at least once: a crash during a replay replays again.
     *
     * @throws IllegalArgumentException when no message with that id is parked here
     * @throws ReplayFailedException    when a message still fails after the retry policy; it is parked
     *                                  (in place of the original) and its stream stays held
     */
    public void replay(UUID messageId) {
        release(messageId, true);
    }

    /**
     * Gives up on a parked message without handling it, then handles the messages of its stream it held
     * back and lifts the hold. Same threading and failures as {@link #replay(UUID)}.
     */
    public void skip(UUID messageId) {
        release(messageId, false);
    }

    /**
     * Makes the consumer read its category now, as a commit notification would, and ask the store for its
     * head (for {@link #caughtUpTo()}) in case a notification was lost.
     */
    public void wakeUp() {
        askHead = true;
        wake();
    }

    // --- the loop -------------------------------------------------------------------------------------------

    private void tick() {
        ticked.set(true);
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private void wake() {
        if (!signaled.getAndSet(true)) {
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    private void run() {
        try {
            boolean lastBatchShort = true;
            while (!stopping) {
                // the head known before a read that comes back short bounds what this consumer has caught up
                // with; commit notifications keep it, so the store is asked only when they cannot tell
                long head = lastBatchShort ? knownHead() : -1;
                List<Message> batch = read();
                if (batch == null) {
                    continue;
                }
                lastBatchShort = batch.size() < query.batchSize();
                if (batch.isEmpty()) {
                    caughtUp(head);
                    listener.caughtUp(position);
                    idle();
                    continue;
                }
                processing.lock();
                try {
                    if (transactional != null) {
                        processTransactionally(batch);
                    } else {
                        processEach(batch);
                    }
                } catch (Abandoned abandoned) {
                    throw abandoned;
                } catch (RuntimeException e) {
                    // the store or the view database failed outside a handler (parking, saving a position):
                    // what was processed stays processed; the rest of the batch is read again after a pause
                    lastError = ParkingLot.describe(e);
                    LOG.warn("Consumer {} of {} failed after position {}; retrying", name, category, position, e);
                    sleep(pollNanos);
                    continue;
                } finally {
                    processing.unlock();
                }
                if (lastBatchShort) {
                    caughtUp(head);
                }
                listener.batchProcessed(position, batch.size());
            }
            savePosition();
            state = ConsumerStatus.State.STOPPED;
        } catch (Error crash) {
            state = ConsumerStatus.State.CRASHED;
            lastError = ParkingLot.describe(crash);
            LOG.error("Consumer {} of {} crashed at position {}; its position was not saved", name, category,
                    position, crash);
        } catch (Abandoned abandoned) {
            savePosition();
            state = ConsumerStatus.State.STOPPED;
        } finally {
            wakeUps.close();
            ticks.cancel(false);
            synchronized (lifecycle) {
                thread = null;
            }
            listener.stopped(state);
        }
    }

    /** The next batch, or {@code null} after a store failure (logged, retried after a poll interval). */
    private List<Message> read() {
        try {
            return store.readCategory(query.from(position + 1));
        } catch (RuntimeException e) {
            lastError = ParkingLot.describe(e);
            LOG.warn("Consumer {} could not read {} from {}; retrying", name, category, position + 1, e);
            sleep(pollNanos);
            return null;
        }
    }

    /**
     * Waits for a commit notification or the fallback poll's tick; saves the position when a tick finds that
     * nothing was committed since the last read.
     */
    private void idle() {
        if (signaled.getAndSet(false)) {
            return;
        }
        LockSupport.park(this);
        boolean woken = signaled.getAndSet(false);
        if (ticked.getAndSet(false) && !woken && !stopping && position != savedPosition) {
            savePosition();
        }
    }

    private void processEach(List<Message> batch) {
        if (concurrency > 1 && batch.size() > 1) {
            Map<StreamName, List<Message>> lanes = new LinkedHashMap<>();
            for (Message message : batch) {
                lanes.computeIfAbsent(message.streamName(), k -> new ArrayList<>()).add(message);
            }
            if (lanes.size() > 1) {
                processInLanes(lanes.values());
                advanceTo(batch.getLast().globalPosition(), batch.size());
                return;
            }
        }
        for (Message message : batch) {
            handleUnlessHeld(message);
            advanceTo(message.globalPosition(), 1);
        }
    }

    private void handleUnlessHeld(Message message) {
        if (!parking.isHeld(message.streamName()) && dispatcher.handles(message.type())) {
            handleWithRetry(message, null);
        }
    }

    /**
     * Handles the streams of a batch side by side, at most {@code concurrency} at once, each stream in order
     * on a virtual thread of its own; returns when all are done. Concurrent handlers let a store commit
     * their writes together (group commit) instead of one after the other.
     */
    private void processInLanes(Collection<List<Message>> lanes) {
        Semaphore permits = new Semaphore(concurrency);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> running = new ArrayList<>(lanes.size());
        for (List<Message> lane : lanes) {
            permits.acquireUninterruptibly();
            running.add(Thread.ofVirtual().name("consumer-" + name + "-lane").start(() -> {
                try {
                    for (Message message : lane) {
                        if (failure.get() != null) {
                            return;
                        }
                        handleUnlessHeld(message);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    permits.release();
                }
            }));
        }
        boolean interrupted = false;
        for (Thread lane : running) {
            while (lane.isAlive()) {
                try {
                    lane.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        // the position moves only past a batch whose lanes all finished: after a failure, the batch is read
        // again and its finished messages are handled again (at least once)
        switch (failure.get()) {
            case null -> {
            }
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            case Throwable t -> throw new IllegalStateException(t);
        }
    }

    /** One transaction for the batch; on a failure, one transaction per message to isolate it. */
    private void processTransactionally(List<Message> batch) {
        try {
            transactional.begin();
            for (Message message : batch) {
                if (!parking.isHeld(message.streamName()) && dispatcher.handles(message.type())) {
                    dispatcher.dispatch(message);
                }
            }
            transactional.commit(batch.getLast().globalPosition());
            position = batch.getLast().globalPosition();
            savedPosition = position;
            return;
        } catch (Exception e) {
            transactional.rollback();
            LOG.debug("Batch of consumer {} failed, handling it one message per transaction", name, e);
        } catch (Error e) {
            transactional.rollback();
            throw e;
        }
        for (Message message : batch) {
            boolean handle = !parking.isHeld(message.streamName()) && dispatcher.handles(message.type());
            if (!handle || !handleWithRetry(message, null)) {
                // skipped or parked: the position still moves past it, in a transaction of its own
                transactional.save(message.globalPosition());
            }
            position = message.globalPosition();
            savedPosition = position;
        }
    }

    /**
     * Handles one message under the retry policy; parks it after the last attempt.
     *
     * @param replacing the parked message a replay is working through, or {@code null}
     * @return true when handled (and, when transactional, committed with its position)
     */
    private boolean handleWithRetry(Message message, ParkedMessage replacing) {
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                handleOnce(message, replacing == null);
                return true;
            } catch (Exception e) {
                lastError = ParkingLot.describe(e);
                if (attempt >= retry.maxAttempts()) {
                    LOG.warn("Consumer {} parks message {} ({} at {}/{}) after {} attempts", name, message.id(),
                            message.type(), message.streamName(), message.position(), attempt, e);
                    ParkedMessage p = parking.park(message, e, attempt, holdBack == HoldBack.STREAM, replacing);
                    if (replacing != null) {
                        throw new ReplayFailedException(p, e);
                    }
                    return false;
                }
                LOG.debug("Consumer {} retries message {} after attempt {}", name, message.id(), attempt, e);
                sleep(retry.backoffAfter(attempt).toNanos());
                if (stopping && replacing == null) {
                    throw new Abandoned();
                }
            }
        }
    }

    private void handleOnce(Message message, boolean advance) throws Exception {
        if (transactional == null) {
            dispatcher.dispatch(message);
            return;
        }
        transactional.begin();
        try {
            dispatcher.dispatch(message);
            // a replay handles messages behind the position, which must not move back
            transactional.commit(advance ? message.globalPosition() : position);
        } catch (Exception | Error e) {
            transactional.rollback();
            throw e;
        }
    }

    private void advanceTo(long globalPosition, int messages) {
        position = globalPosition;
        sinceSave += messages;
        if (sinceSave >= positionUpdateInterval) {
            savePosition();
        }
    }

    private void savePosition() {
        if (position == savedPosition) {
            return;
        }
        try {
            positions.save(position);
            savedPosition = position;
            sinceSave = 0;
        } catch (RuntimeException e) {
            lastError = ParkingLot.describe(e);
            LOG.warn("Consumer {} could not save its position {}; will try again", name, position, e);
        }
    }

    private void release(UUID messageId, boolean handleParked) {
        processing.lock();
        try {
            ParkedMessage p = parking.get(messageId).orElseThrow(() -> new IllegalArgumentException(
                    "No message " + messageId + " is parked by consumer " + name + " (see parked())"));
            List<Message> messages = store.readStream(p.streamName(), p.position(), p.holdsStream() ? 1000 : 1);
            long from = p.position();
            while (!messages.isEmpty()) {
                for (Message message : messages) {
                    if (message.globalPosition() > position) {
                        // not read by the consumer yet: it will be handled live once the hold is lifted
                        parking.release(p, handleParked ? "replayed" : "skipped");
                        return;
                    }
                    boolean isParked = message.id().equals(p.messageId());
                    if ((!isParked || handleParked) && dispatcher.handles(message.type())) {
                        handleWithRetry(message, p);
                    }
                    from = message.position() + 1;
                }
                messages = p.holdsStream() ? store.readStream(p.streamName(), from, 1000) : List.of();
            }
            parking.release(p, handleParked ? "replayed" : "skipped");
        } finally {
            processing.unlock();
        }
    }

    private void sleep(long nanos) {
        long deadline = System.nanoTime() + nanos;
        long left;
        while (!stopping && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
    }

    /** Thrown inside the loop when a stop interrupts a retry: the message will be handled after restart. */
    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super(null, null, false, false);
        }
    }

    /** Configures a {@link Consumer}. Handlers of one type are called in the order they were added. */
    public static final class Builder {
        private final MessageStore store;
        private final String category;
        private final String name;
        private MessageTypes types = new MessageTypes();
        private Dispatcher.Builder handlers;
        private int batchSize = CategoryQuery.DEFAULT_BATCH_SIZE;
        private int positionUpdateInterval = 100;
        private int concurrency = 1;
        private Duration pollInterval = Duration.ofSeconds(1);
        private ConsumerGroup group;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private HoldBack holdBack = HoldBack.STREAM;
        private PositionStore positions;
        private ConsumerListener listener = new ConsumerListener() {
        };

        private Builder(MessageStore store, String category, String name) {
            this.store = Objects.requireNonNull(store, "store");
            this.category = StreamName.requireCategory(category);
            Categories.stream(category, "position", Objects.requireNonNull(name, "name")); // validates the name
            if (name.contains("+")) {
                throw new IllegalArgumentException("A consumer name must not contain '+', was '" + name + "'");
            }
            this.name = name;
            this.handlers = new Dispatcher.Builder(types);
        }

        /** The store the consumer reads. */
        public MessageStore store() {
            return store;
        }

        /** The registry that decodes bodies; set it before adding handlers. Default: a registry of its own. */
        public Builder types(MessageTypes types) {
            if (!handlers.isEmpty()) {
                throw new IllegalStateException("Set the types before adding handlers");
            }
            this.types = Objects.requireNonNull(types, "types");
            this.handlers = new Dispatcher.Builder(types);
            return this;
        }

        /** Handles messages of the record's type (registered under its simple name unless registered otherwise). */
        public <T extends Record> Builder handle(Class<T> type, Handler<? super T> handler) {
            Objects.requireNonNull(handler, "handler");
            handlers.handle(type, (body, message) -> handler.handle(body));
            return this;
        }

        /** Handles messages of the record's type, with the stored message for metadata and positions. */
        public <T extends Record> Builder handle(Class<T> type, MessageHandler<? super T> handler) {
            handlers.handle(type, Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /** Handles raw messages of a type name, undecoded. */
        public Builder handle(String typeName, Handler<Message> handler) {
            Objects.requireNonNull(handler, "handler");
            handlers.handle(typeName, (body, message) -> handler.handle(message));
            return this;
        }

        /** Handles every message whose type has no handler of its own (at most one catch-all). */
        public Builder handleAny(Handler<Message> handler) {
            Objects.requireNonNull(handler, "handler");
            handlers.handleAny((body, message) -> handler.handle(message));
            return this;
        }

        /** The most messages read at once; default 1000. */
        public Builder batchSize(int batchSize) {
            this.batchSize = io.microlith.store.Reads.requireBatchSize(batchSize);
            return this;
        }

        /** Save the position every this many messages (and when idle, and on stop); default 100. */
        public Builder positionUpdateInterval(int messages) {
            if (messages < 1) {
                throw new IllegalArgumentException("Position update interval must be at least 1, was " + messages);
            }
            this.positionUpdateInterval = messages;
            return this;
        }

        /**
         * How many streams of a batch may be handled at once, each stream still in order; default 1 (every
         * message in global order, one at a time). More lets handlers that write (components) share the
         * store's commits; handlers must then be safe to run concurrently, and messages of different streams
         * may be handled out of global order. Ignored with a {@link TransactionalPositionStore}.
         */
        public Builder concurrency(int streams) {
            if (streams < 1) {
                throw new IllegalArgumentException("Concurrency must be at least 1, was " + streams);
            }
            this.concurrency = streams;
            return this;
        }

        /** The fallback poll when no commit notification arrives; default 1 s. */
        public Builder pollInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("Poll interval must be positive, was " + interval);
            }
            this.pollInterval = interval;
            return this;
        }

        /** Makes this consumer member {@code member} (0-based) of a group of {@code size}. */
        public Builder group(int member, int size) {
            this.group = new ConsumerGroup(member, size);
            return this;
        }

        /** Makes this consumer a member of a group, or of none when {@code null}. */
        public Builder group(ConsumerGroup group) {
            this.group = group;
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        public Builder holdBack(HoldBack holdBack) {
            this.holdBack = Objects.requireNonNull(holdBack, "holdBack");
            return this;
        }

        /**
         * Where the position is kept; default: the stream {@code <category>:position-<name>} (with
         * {@code +<member>} for a group member). A {@link TransactionalPositionStore} makes each batch one
         * transaction with its position.
         */
        public Builder positionStore(PositionStore positions) {
            this.positions = Objects.requireNonNull(positions, "positions");
            return this;
        }

        /** Hears progress (batches processed, caught up) on the consumer's thread. */
        public Builder listener(ConsumerListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * @throws IllegalStateException when no handler was added
         */
        public Consumer build() {
            if (handlers.isEmpty()) {
                throw new IllegalStateException("Consumer " + name + " of " + category + " has no handler");
            }
            return new Consumer(this);
        }
    }
}
