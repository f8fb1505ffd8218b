package io.microlith.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The open transaction of an aggregator's batch: what a view handler changes here commits together with
 * the aggregator's position, or not at all. Valid only during the handler call.
 */
public final class ViewTransaction {
    private final Connection connection;

    ViewTransaction(Connection connection) {
        this.connection = connection;
    }

    /** The transaction's connection, for anything the helpers do not cover. Do not commit or close it. */
    public Connection connection() {
        return connection;
    }

    /** Runs an INSERT, UPDATE or DELETE with {@code ?} parameters; returns the number of rows changed. */
    public int update(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    /** The first column of the first row of a query, as a long; empty when there is no row or it is NULL. */
    public Optional<Long> queryLong(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(sql, parameters); ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            long value = rows.getLong(1);
            return rows.wasNull() ? Optional.empty() : Optional.of(value);
        }
    }

    private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
        return Statements.prepare(connection, sql, parameters);
    }
}
