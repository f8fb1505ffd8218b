package io.microlith.postgres.internal;

import io.microlith.store.CommitNotifications.CommitListener;
import io.microlith.store.CommitNotifications.Registration;
import io.microlith.store.WriteResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells the store's commit listeners of each commit, once: of the store's own writes at once, and of every
 * client's commits (other processes, message-db clients calling {@code write_message}) through the
 * {@link NotificationListener}, which starts with the first listener. A commit heard both ways is announced
 * by whichever comes first.
 */
public final class CommitAnnouncer implements AutoCloseable {
    /** How long the first {@link #add} waits for LISTEN to be in place. */
    private static final long LISTEN_WAIT_MS = 10_000;

    private final NotificationListener.Connector connector;
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    /** Highest global position announced per category, so that a commit is announced once, not per path. */
    private final Map<String, Long> announced = new ConcurrentHashMap<>();
    private NotificationListener notificationListener;

    /** @param connector opens the unpooled connection that listens */
    public CommitAnnouncer(NotificationListener.Connector connector) {
        this.connector = connector;
    }

    /**
     * Registers a listener. The first registration opens the listening connection and returns once it
     * listens (or {@value #LISTEN_WAIT_MS} ms passed), so that later commits are heard.
     */
    public synchronized Registration add(CommitListener listener) {
        listeners.add(listener);
        if (notificationListener == null) {
            notificationListener = new NotificationListener(connector, this::announce);
            notificationListener.start(LISTEN_WAIT_MS);
        }
        return () -> listeners.remove(listener);
    }

    /** Announces the store's own committed writes, each category once with its highest global position. */
    public void announce(List<WriteResult> results) {
        if (listeners.isEmpty()) {
            return;
        }
        Map<String, Long> highest = new LinkedHashMap<>();
        for (WriteResult result : results) {
            highest.merge(result.streamName().category(), result.lastGlobalPosition(), Math::max);
        }
        highest.forEach(this::announce);
    }

    /** Tells the listeners of a commit unless a commit at or above this position was announced already. */
    private void announce(String category, long globalPosition) {
        Long before = announced.get(category);
        if (before != null && before >= globalPosition) {
            return;
        }
        if (announced.merge(category, globalPosition, Math::max) != globalPosition) {
            return;
        }
        for (CommitListener listener : listeners) {
            listener.committed(category, globalPosition);
        }
    }

    /** Drops the listeners and stops listening. */
    @Override
    public void close() {
        NotificationListener listening;
        synchronized (this) {
            listening = notificationListener;
            listeners.clear();
        }
        if (listening != null) {
            listening.close();
        }
    }
}
