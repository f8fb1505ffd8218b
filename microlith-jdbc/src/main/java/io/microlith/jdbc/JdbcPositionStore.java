package io.microlith.jdbc;

import io.microlith.consumer.TransactionalPositionStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * A view's position in a table of the view database, {@code microlith_view_positions(view_name,
 * global_position)}, written in the same transaction as the view's changes. Portable SQL (SQLite,
 * PostgreSQL). Holds one connection, opened on first use; used by one consumer thread at a time.
 */
public final class JdbcPositionStore implements TransactionalPositionStore, AutoCloseable {
    /** Creates the positions table when it is missing. */
    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS microlith_view_positions ("
            + "view_name VARCHAR(200) PRIMARY KEY, global_position BIGINT NOT NULL)";

    private final ConnectionSource connections;
    private final String view;
    private Connection connection;

    public JdbcPositionStore(ConnectionSource connections, String view) {
        this.connections = Objects.requireNonNull(connections, "connections");
        if (view == null || view.isBlank() || view.length() > 200) {
            throw new IllegalArgumentException("A view name must be 1 to 200 characters, was " + view);
        }
        this.view = view;
    }

    /** The connection, opened (without auto-commit) and the positions table created on first use. */
    public synchronized Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            Connection opened = connections.open();
            try {
                opened.setAutoCommit(false);
                try (Statement statement = opened.createStatement()) {
                    statement.execute(CREATE_TABLE);
                }
                opened.commit();
            } catch (SQLException e) {
                opened.close();
                throw e;
            }
            connection = opened;
        }
        return connection;
    }

    @Override
    public long load() {
        try {
            Connection c = connection();
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT global_position FROM microlith_view_positions WHERE view_name = ?")) {
                select.setString(1, view);
                try (ResultSet rows = select.executeQuery()) {
                    long position = rows.next() ? rows.getLong(1) : 0;
                    c.commit();
                    return position;
                }
            }
        } catch (SQLException e) {
            throw new ViewException("Could not read the position of view " + view, e);
        }
    }

    @Override
    public void begin() throws SQLException {
        connection();
    }

    /** Writes the position in the current transaction, without committing it. */
    void write(long globalPosition) throws SQLException {
        Connection c = connection();
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE microlith_view_positions SET global_position = ? WHERE view_name = ?")) {
            update.setLong(1, globalPosition);
            update.setString(2, view);
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO microlith_view_positions (view_name, global_position) VALUES (?, ?)")) {
            insert.setString(1, view);
            insert.setLong(2, globalPosition);
            insert.executeUpdate();
        }
    }

    @Override
    public void commit(long globalPosition) throws SQLException {
        write(globalPosition);
        connection.commit();
    }

    @Override
    public void rollback() {
        try {
            if (connection != null && !connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            // the connection is broken: drop it, the next batch opens another
            close();
        }
    }

    /** The open transaction, for handlers. */
    ViewTransaction transaction() throws SQLException {
        return new ViewTransaction(connection());
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing is best effort; nothing uncommitted is lost that a restart would not redo
            }
            connection = null;
        }
    }
}
