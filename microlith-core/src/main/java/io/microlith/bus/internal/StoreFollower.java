package io.microlith.bus.internal;

import io.microlith.internal.runtime.Ticker;
import io.microlith.message.Message;
import io.microlith.store.CommitNotifications;
import io.microlith.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Follows every message committed to the store after it started, in global order, on one virtual thread,
 * and hands each to its listeners (the correlation index of the durable buses, live taps). Wakes on commit
 * notifications; polls every {@code pollInterval} in case one is lost.
 */
public final class StoreFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreFollower.class);
    private static final int BATCH = 1000;

    private final MessageStore store;
    private final long pollNanos;
    private final List<Consumer<Message>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean signaled = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile long position;
    private volatile Thread thread;
    private CommitNotifications.Registration wakeUps;
    private ScheduledFuture<?> ticks;

    public StoreFollower(MessageStore store, Duration pollInterval) {
        this.store = store;
        this.pollNanos = pollInterval.toNanos();
    }

    /** Starts after the store's current head: messages already stored are not followed. */
    public synchronized StoreFollower start() {
        if (thread != null || stopping) {
            return this;
        }
        position = store.headGlobalPosition();
        wakeUps = store.onCommit((category, last) -> wake());
        thread = Thread.ofVirtual().name("microlith-follower").start(this::run);
        ticks = Ticker.every(Duration.ofNanos(pollNanos), () -> {
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        });
        return this;
    }

    /**
     * Adds a listener, called on the follower thread with every message committed from now on; starts the
     * follower if it is not running. The listener must return quickly.
     */
    public Runnable listen(Consumer<Message> listener) {
        listeners.add(listener);
        start();
        return () -> listeners.remove(listener);
    }

    /** The global position of the last message followed. */
    public long position() {
        return position;
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
        while (!stopping) {
            List<Message> batch;
            try {
                batch = store.readAll(position + 1, BATCH);
            } catch (RuntimeException e) {
                if (stopping) {
                    return;
                }
                LOG.warn("Could not follow the store from {}; retrying", position + 1, e);
                LockSupport.parkNanos(this, pollNanos);
                continue;
            }
            if (batch.isEmpty()) {
                if (!signaled.getAndSet(false)) {
                    // woken by a commit or by the fallback poll's tick
                    LockSupport.park(this);
                    signaled.set(false);
                }
                continue;
            }
            for (Message message : batch) {
                for (Consumer<Message> listener : listeners) {
                    try {
                        listener.accept(message);
                    } catch (RuntimeException e) {
                        LOG.warn("A follower listener failed on message {}", message.id(), e);
                    }
                }
                position = message.globalPosition();
            }
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            stopping = true;
            t = thread;
        }
        if (wakeUps != null) {
            wakeUps.close();
        }
        if (ticks != null) {
            ticks.cancel(false);
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
