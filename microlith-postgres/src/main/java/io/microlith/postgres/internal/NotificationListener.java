package io.microlith.postgres.internal;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Listens on the channel {@code message_store} on a connection of its own (outside the pool: a listening
 * connection must stay with one session) and passes each notification, {@code '<global position>
 * <category>'}, to a callback. When the connection is lost it reconnects with backoff; notifications sent
 * meanwhile are lost, which followers survive by their slow fallback poll.
 */
public final class NotificationListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationListener.class);
    public static final String CHANNEL = "message_store";
    private static final int WAIT_MS = 500;

    /** Opens a fresh, unpooled connection. */
    @FunctionalInterface
    public interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;
    private final BiConsumer<String, Long> callback;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection current;
    private final CountDownLatch listening = new CountDownLatch(1);

    public NotificationListener(Connector connector, BiConsumer<String, Long> callback) {
        this.connector = connector;
        this.callback = callback;
        this.thread = Thread.ofPlatform().daemon().name("microlith-postgres-listener").unstarted(this::run);
    }

    /**
     * Starts listening and waits (at most {@code waitMillis}) until the first LISTEN is in place, so that
     * commits made after this returns are heard. When the server cannot be reached in time it returns
     * anyway and keeps trying in the background.
     */
    public void start(long waitMillis) {
        thread.start();
        try {
            if (!listening.await(waitMillis, TimeUnit.MILLISECONDS)) {
                LOG.warn("Not yet listening for commit notifications after {} ms; still trying", waitMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long pause = 100;
        while (!closed) {
            try (Connection connection = connector.connect()) {
                current = connection;
                if (closed) {
                    return;
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                listening.countDown();
                pause = 100;
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notifications = pg.getNotifications(WAIT_MS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            dispatch(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("Lost the notification connection ({}); reconnecting in {} ms. Followers fall back to polling meanwhile.",
                        e.getMessage(), pause);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    return;
                }
                pause = Math.min(pause * 2, 5000);
            } finally {
                current = null;
            }
        }
    }

    private void dispatch(String payload) {
        int space = payload.indexOf(' ');
        if (space <= 0) {
            return;
        }
        try {
            callback.accept(payload.substring(space + 1), Long.parseLong(payload.substring(0, space)));
        } catch (NumberFormatException ignored) {
            // Not ours: someone else notifying on the channel.
        } catch (RuntimeException e) {
            LOG.warn("A commit listener failed", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection connection = current;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Closing anyway.
            }
        }
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
