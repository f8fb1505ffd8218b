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
import java.util.function.Consumer;

/**
 * Listens on a channel ({@code message_store} for commits) on a connection of its own (outside the pool: a listening
 * connection must stay with one session) and passes each notification's payload to a callback (for commits,
 * {@code '<global position> <category>'}, parsed). When the connection is lost it reconnects with backoff;
 * notifications sent meanwhile are lost, which followers survive by their slow fallback poll.
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
    private final String channel;
    private final Consumer<String> callback;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection current;
    private final CountDownLatch listening = new CountDownLatch(1);

    /** A listener of the store's commit notifications: {@code callback} gets each commit's category and global position. */
    public NotificationListener(Connector connector, BiConsumer<String, Long> callback) {
        this(connector, CHANNEL, payload -> commit(payload, callback));
    }

    /**
     * A listener of {@code channel} (a plain SQL identifier) that passes each payload to {@code callback}, on the
     * listener's thread.
     */
    public NotificationListener(Connector connector, String channel, Consumer<String> callback) {
        if (!channel.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("A channel is a lower-case SQL identifier, was '" + channel + "'");
        }
        this.connector = connector;
        this.channel = channel;
        this.callback = callback;
        this.thread = Thread.ofPlatform().daemon().name("microlith-postgres-listener-" + channel).unstarted(this::run);
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
                    statement.execute("LISTEN " + channel);
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
        try {
            callback.accept(payload);
        } catch (RuntimeException e) {
            LOG.warn("A listener of the channel {} failed", channel, e);
        }
    }

    private static void commit(String payload, BiConsumer<String, Long> callback) {
        int space = payload.indexOf(' ');
        if (space <= 0) {
            return;
        }
        long position;
        try {
            position = Long.parseLong(payload.substring(0, space));
        } catch (NumberFormatException ignored) {
            return; // not ours: someone else notifying on the channel
        }
        callback.accept(payload.substring(space + 1), position);
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
