package io.microlith.demo.views;

import io.microlith.postgres.PostgresNotifications;
import io.microlith.postgres.PostgresSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Tells the processes that serve pages that view data changed, after the change committed, so that they read it and
 * push it to the browsers that watch it. On SQLite (one process) a change goes straight to this process's listeners,
 * on the aggregator's thread; on PostgreSQL it goes through a notification on the view database
 * ({@code <schema>_changes}), so that every process listening — the web processes, however many — hears it
 * (decision 0090). A notification sent while a listener was disconnected is lost: live updates are a convenience, the
 * views stay the truth that a page reads again.
 */
public final class ViewChanges implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ViewChanges.class);

    private final List<Consumer<ViewChange>> listeners = new CopyOnWriteArrayList<>();
    private final ViewDatabase views;
    private final PostgresSettings postgres;
    private final String channel;
    private AutoCloseable listening;

    /** @param postgres the view database's server, or {@code null} for a view database of this process alone */
    ViewChanges(ViewDatabase views, PostgresSettings postgres, String channel) {
        this.views = views;
        this.postgres = postgres;
        this.channel = channel;
    }

    /** Tells every listener, of every process on this view database, of {@code change}; call it after the commit. */
    public void announce(ViewChange change) {
        if (postgres == null) {
            deliver(change);
            return;
        }
        try (Connection connection = views.read()) {
            PostgresNotifications.send(connection, channel, change.payload());
        } catch (Exception e) {
            LOG.warn("Could not announce the view change {}: {}", change, e.toString());
        }
    }

    /** Calls {@code listener} with every change announced from now on (on PostgreSQL, on the listener's thread). */
    public synchronized void listen(Consumer<ViewChange> listener) {
        listeners.add(listener);
        if (postgres != null && listening == null) {
            listening = PostgresNotifications.listen(postgres, channel, payload -> {
                ViewChange change = ViewChange.fromPayload(payload);
                if (change != null) {
                    deliver(change);
                }
            }, 5_000);
        }
    }

    private void deliver(ViewChange change) {
        for (Consumer<ViewChange> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.warn("A listener of view changes failed on {}: {}", change, e.toString());
            }
        }
    }

    @Override
    public synchronized void close() {
        listeners.clear();
        if (listening != null) {
            try {
                listening.close();
            } catch (Exception ignored) {
                // the process is going away
            }
            listening = null;
        }
    }
}
