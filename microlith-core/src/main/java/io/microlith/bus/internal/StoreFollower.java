package io.microlith.bus.internal;

import io.microlith.internal.runtime.FatalErrors;
import io.microlith.internal.runtime.WakeUps;
import io.microlith.message.Message;
import io.microlith.store.CommitNotifications;
import io.microlith.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Follows every message committed to the store after it started, in global order, on one virtual thread,
 * and hands each to its listeners (the correlation index of the durable buses, live taps). Wakes on commit
 * notifications; polls every {@code pollInterval} in case one is lost. A listener that throws is logged and
 * the follower goes on, whatever it threw but the JVM's own exhaustion ({@code FatalErrors}).
 */
public final class StoreFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreFollower.class);
    private static final int BATCH = 1000;

    private final MessageStore store;
    private final long pollNanos;
    private final List<Consumer<Message>> listeners = new CopyOnWriteArrayList<>();
    private final WakeUps wakeUps = new WakeUps();
    private volatile long position;
    private volatile Thread thread;
    private CommitNotifications.Registration notifications;

    public StoreFollower(MessageStore store, Duration pollInterval) {
        this.store = store;
        this.pollNanos = pollInterval.toNanos();
    }

    /** Starts after the store's current head: messages already stored are not followed. */
    public synchronized StoreFollower start() {
        if (thread != null || wakeUps.stopping()) {
            return this;
        }
        position = store.headGlobalPosition();
        notifications = store.onCommit((category, last) -> wakeUps.wake());
        thread = Thread.ofVirtual().name("microlith-follower").unstarted(this::run);
        wakeUps.start(thread, Duration.ofNanos(pollNanos));
        thread.start();
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

    private void run() {
        while (!wakeUps.stopping()) {
            List<Message> batch;
            try {
                batch = store.readAll(position + 1, BATCH);
            } catch (RuntimeException e) {
                if (wakeUps.stopping()) {
                    return;
                }
                LOG.warn("Could not follow the store from {}; retrying", position + 1, e);
                wakeUps.sleep(pollNanos);
                continue;
            }
            if (batch.isEmpty()) {
                wakeUps.await();
                continue;
            }
            for (Message message : batch) {
                for (Consumer<Message> listener : listeners) {
                    try {
                        listener.accept(message);
                    } catch (Throwable t) {
                        // one message must not stop every wait and live tap of the process: only the JVM's own
                        // exhaustion stops the follower (decision 0050)
                        LOG.warn("A follower listener failed on message {}", message.id(), FatalErrors.rethrowIfFatal(t));
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
            wakeUps.stop();
            t = thread;
        }
        if (notifications != null) {
            notifications.close();
        }
        wakeUps.close();
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
