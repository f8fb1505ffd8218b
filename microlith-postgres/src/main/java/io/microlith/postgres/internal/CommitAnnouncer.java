package io.microlith.postgres.internal;

import io.microlith.store.CommitNotifications.CommitListener;
import io.microlith.store.CommitNotifications.Registration;
import io.microlith.store.WriteResult;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Tells the store's commit listeners of each commit, once: of the store's own writes at once, and of every
 * client's commits (other processes, message-db clients calling {@code write_message}) through the
 * {@link NotificationListener}, which starts with the first listener. A commit heard both ways is announced
 * by whichever comes first.
 *
 * <p>Listeners take a commit's global position P as "every commit up to P is visible to a read that starts now"
 * (consumers count themselves caught up to it). Writers commit side by side (decision 0099), so that holds only
 * once the read fence has passed P: a commit is announced with P when P is below the fence, else with {@code 0},
 * "the store cannot tell", and the listener asks the store's (fenced) head. The fence is known from the store's
 * reads ({@link FenceWatch}); a commit heard by notification that is not below it has the fence read afresh.
 */
public final class CommitAnnouncer implements AutoCloseable {
    /** How long the first {@link #add} waits for LISTEN to be in place. */
    private static final long LISTEN_WAIT_MS = 10_000;
    private static final int RECENT_COMMITS = 4096;

    private final NotificationListener.Connector connector;
    private final FenceWatch fence;
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    /**
     * The commits announced lately, as "category position", so that a commit heard both ways is announced once.
     * Not "the highest position per category": a lower position may commit after a higher one.
     */
    private final Set<String> announced = Collections.newSetFromMap(new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT_COMMITS;
        }
    });
    private NotificationListener notificationListener;

    /**
     * @param connector opens the unpooled connection that listens
     * @param fence     the read fence as last seen by the store's reads, and a way to read it afresh
     */
    public CommitAnnouncer(NotificationListener.Connector connector, FenceWatch fence) {
        this.connector = connector;
        this.fence = fence;
    }

    /**
     * Registers a listener. The first registration opens the listening connection and returns once it
     * listens (or {@value #LISTEN_WAIT_MS} ms passed), so that later commits are heard.
     */
    public synchronized Registration add(CommitListener listener) {
        listeners.add(listener);
        if (notificationListener == null) {
            notificationListener = new NotificationListener(connector, this::heard);
            notificationListener.start(LISTEN_WAIT_MS);
        }
        return () -> listeners.remove(listener);
    }

    /**
     * Announces the store's own committed writes, each category once with its highest global position (or
     * {@code 0} while the fence is not past it: no query on the writer's thread).
     */
    public void announce(List<WriteResult> results) {
        if (listeners.isEmpty()) {
            return;
        }
        Map<String, Long> highest = new LinkedHashMap<>();
        for (WriteResult result : results) {
            highest.merge(result.streamName().category(), result.lastGlobalPosition(), Math::max);
        }
        highest.forEach((category, position) -> announce(category, position, fence.known() > position ? position : 0));
    }

    /** A commit heard by notification, on the listener's thread: the fence is read afresh if need be. */
    private void heard(String category, long globalPosition) {
        long known = fence.known();
        if (known <= globalPosition) {
            known = fence.refresh();
        }
        announce(category, globalPosition, known > globalPosition ? globalPosition : 0);
    }

    /** Tells the listeners of a commit unless this commit was announced already (heard the other way). */
    private void announce(String category, long globalPosition, long announcedPosition) {
        synchronized (announced) {
            if (!announced.add(globalPosition + " " + category)) {
                return;
            }
        }
        for (CommitListener listener : listeners) {
            listener.committed(category, announcedPosition);
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

    /** The read fence, as the store last saw it (it only grows), and read afresh on demand. */
    public static final class FenceWatch {
        private final java.util.concurrent.atomic.AtomicLong known = new java.util.concurrent.atomic.AtomicLong();
        private volatile LongSupplier reader = () -> 0;

        /** @param reader reads the fence from the database (a failure may throw; it is then taken as unknown) */
        public void readWith(LongSupplier reader) {
            this.reader = reader;
        }

        /** Records a fence read by a query. */
        public void saw(long fence) {
            if (known.get() < fence) {
                known.accumulateAndGet(fence, Math::max);
            }
        }

        /** The highest fence seen: every global position below it is committed or will never be. */
        public long known() {
            return known.get();
        }

        /** Reads the fence afresh; on failure returns what is known. */
        long refresh() {
            try {
                saw(reader.getAsLong());
            } catch (RuntimeException e) {
                // Unknown then: the commit is announced with 0 and listeners ask the store.
            }
            return known.get();
        }
    }
}
