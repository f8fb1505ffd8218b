package io.microlith.consumer;

import io.microlith.internal.runtime.Categories;
import io.microlith.message.Message;
import io.microlith.message.StreamName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The part of a {@link Consumer} built with a {@link BrokerTransport}: the broker delivers, so there is no read loop
 * and no position of its own; this keeps the life cycle, the highest global position handled and the last failure,
 * which it hears through a listener added to the handling the transport builds. It saves that position every
 * {@value #SAVE_EVERY} messages, every second while it moves and on stop (unless a view's transaction keeps it): for
 * the back-pressure measure,
 * which reads it from the store in any process, and for a return to reading the store (exact for a consumer of one
 * lane; with several lanes an upper bound, so switch back when idle).
 */
final class DeliveredConsumer implements Receiving {
    private static final Logger LOG = LoggerFactory.getLogger(Consumer.class);
    static final int SAVE_EVERY = 100;
    /**
     * A position that moved is saved at least this often: without it the last messages of a burst stayed unsaved
     * while the consumer sat idle, and back-pressure, ageing the first of them, refused every command for good.
     */
    static final Duration SAVE_AFTER = Duration.ofSeconds(1);

    /** Where the position is saved, or {@code null} when the handlers' transaction saves it. */
    private final PositionStore kept;
    private final AtomicLong sinceSave = new AtomicLong();
    private volatile long saved = -1;
    private final Consumer.Builder builder;
    private final BrokerTransport transport;
    private final AtomicLong position = new AtomicLong();
    private final LastError lastError = new LastError();
    private final ConsumerListener listeners;
    private volatile ConsumerStatus.State state = ConsumerStatus.State.NEW;
    private BrokerTransport.Delivery delivery;
    private Thread saver;

    DeliveredConsumer(Consumer.Builder builder, BrokerTransport transport, ConsumerListener listeners,
                      PositionStore kept) {
        this.builder = builder;
        this.kept = kept;
        this.transport = transport;
        this.listeners = listeners;
    }

    @Override
    public synchronized void start() {
        if (state != ConsumerStatus.State.NEW) {
            throw new IllegalStateException("Consumer " + builder.name() + " was already started (" + state + ")");
        }
        delivery = builder.deliverWith(transport, new Tracker());
        state = ConsumerStatus.State.RUNNING;
        if (kept != null) {
            saver = Thread.ofVirtual().name("position-saver-" + builder.name()).start(this::saveWhileRunning);
        }
    }

    private void saveWhileRunning() {
        try {
            while (state == ConsumerStatus.State.RUNNING) {
                Thread.sleep(SAVE_AFTER);
                save();
            }
        } catch (InterruptedException stopped) {
            // stop() saves once more after the delivery closed
        }
    }

    @Override
    public void stop() {
        BrokerTransport.Delivery running;
        synchronized (this) {
            if (state != ConsumerStatus.State.RUNNING) {
                return;
            }
            running = delivery;
            state = ConsumerStatus.State.STOPPED;
            if (saver != null) {
                saver.interrupt();
            }
        }
        running.close();
        save();
        listeners.stopped(ConsumerStatus.State.STOPPED);
    }

    /** Synchronized: the saver thread and the handling threads must not save two positions out of order. */
    private synchronized void save() {
        long position = this.position.get();
        if (kept == null || position <= saved) {
            return;
        }
        try {
            kept.save(position);
            saved = position;
        } catch (RuntimeException e) {
            // a measure and a hint, not the deduplication (the lanes' positions are): the next save tries again
            LOG.warn("Consumer {} could not save its position {}", builder.name(), position, e);
        }
    }

    /** The highest global position handled: a broker consumer cannot tell what the broker has not delivered yet. */
    @Override
    public long caughtUpTo() {
        return position.get();
    }

    @Override
    public long position() {
        return position.get();
    }

    @Override
    public ConsumerStatus status() {
        return new ConsumerStatus(builder.name(), builder.category(), builder.options().group(), state, position.get(),
                builder.store().headGlobalPosition(), parked().size(), lastError.description());
    }

    @Override
    public StreamName parkedStream() {
        return Categories.stream(builder.category(), "parked", builder.name());
    }

    @Override
    public List<ParkedMessage> parked() {
        BrokerTransport.Delivery running = delivery;
        return running == null ? List.of() : running.parked();
    }

    @Override
    public void replay(UUID messageId) {
        running().replay(messageId);
    }

    @Override
    public void skip(UUID messageId) {
        running().skip(messageId);
    }

    /** The broker delivers when it has something: there is no read to start. */
    @Override
    public void wakeUp() {
    }

    private synchronized BrokerTransport.Delivery running() {
        if (delivery == null) {
            throw new IllegalStateException("Consumer " + builder.name() + " is not started");
        }
        return delivery;
    }

    /** Hears what the transport's handling did, for the status. */
    private final class Tracker implements ConsumerListener {
        @Override
        public void handled(Message message, Duration took) {
            position.accumulateAndGet(message.globalPosition(), Math::max);
            if (sinceSave.incrementAndGet() % SAVE_EVERY == 0) {
                save();
            }
        }

        @Override
        public void retrying(Message message, int attempt, Throwable failure) {
            lastError.record(failure);
        }

        @Override
        public void parked(ParkedMessage parked) {
            position.accumulateAndGet(parked.globalPosition(), Math::max);
        }
    }
}
