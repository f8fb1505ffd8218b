package io.microlith.demo.views;

import io.microlith.consumer.TransactionalPositionStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One aggregator's connection to the view database, and its position kept in the same database:
 * the consumer runs each batch between {@link #begin()} and {@link #commit(long)}, so the view change
 * and the position it reflects commit together (an exactly-once effect on the view), and
 * {@link #afterCommit} actions (live notifications) run only once the change is visible.
 *
 * <p>Used by one consumer thread at a time.
 */
public final class ViewTransaction implements TransactionalPositionStore, AutoCloseable {
    private final String consumer;
    private final Connection connection;
    private final List<Runnable> afterCommit = new ArrayList<>();
    private boolean open;

    public ViewTransaction(ViewDatabase views, String consumer) {
        this.consumer = consumer;
        try {
            this.connection = views.openWriter();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot open the view database for " + consumer + ": " + e.getMessage(), e);
        }
    }

    /** The connection the handlers write with, inside the current transaction. */
    public Connection connection() {
        return connection;
    }

    /** Runs {@code action} after the current transaction commits; dropped when it rolls back. */
    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    @Override
    public synchronized long load() {
        try (PreparedStatement select = connection.prepareStatement("SELECT position FROM view_positions WHERE consumer = ?")) {
            select.setString(1, consumer);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the position of " + consumer + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void begin() throws SQLException {
        afterCommit.clear();
        execute("BEGIN IMMEDIATE");
        open = true;
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void commit(long globalPosition) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO view_positions (consumer, position)"
                + " VALUES (?, ?) ON CONFLICT (consumer) DO UPDATE SET position = excluded.position")) {
            upsert.setString(1, consumer);
            upsert.setLong(2, globalPosition);
            upsert.executeUpdate();
        }
        execute("COMMIT");
        open = false;
        List<Runnable> actions = List.copyOf(afterCommit);
        afterCommit.clear();
        actions.forEach(Runnable::run);
    }

    @Override
    public void rollback() {
        afterCommit.clear();
        if (!open) {
            return;
        }
        open = false;
        try {
            execute("ROLLBACK");
        } catch (SQLException ignored) {
            // Nothing was open, or the connection is gone; the next batch starts over either way.
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing at shutdown.
        }
    }
}
