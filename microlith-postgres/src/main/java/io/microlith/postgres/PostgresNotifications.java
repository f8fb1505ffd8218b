package io.microlith.postgres;

import io.microlith.postgres.internal.NotificationListener;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * PostgreSQL's {@code LISTEN}/{@code NOTIFY} for signals of an application's own between processes that share a
 * database (the store's commit notifications use the channel {@code message_store} and are not for this). A
 * notification sent in a transaction is delivered at its commit, never when it rolls back; one sent while a listener
 * is disconnected is lost, so a listener must be able to catch up by other means (a read, a poll).
 */
public final class PostgresNotifications {
    private PostgresNotifications() {
    }

    /**
     * Listens on {@code channel} (a lower-case SQL identifier) on a connection of its own, reconnecting with backoff
     * when it is lost, and passes each payload to {@code payloads} on the listener's thread; returns once the first
     * LISTEN is in place (or after {@code waitMillis}, still trying in the background). Close it to stop.
     */
    public static AutoCloseable listen(PostgresSettings settings, String channel, Consumer<String> payloads, long waitMillis) {
        NotificationListener listener = new NotificationListener(
                () -> PostgresConnections.unpooled(settings, "-" + channel), channel, payloads);
        listener.start(waitMillis);
        return listener;
    }

    /** Sends {@code payload} (at most 7,999 bytes) on {@code channel} through {@code connection}: at its commit. */
    public static void send(Connection connection, String channel, String payload) throws SQLException {
        try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, channel);
            notify.setString(2, payload);
            notify.execute();
        }
    }
}
