package io.microlith.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads view data with plain SQL, for the application's queries: each call opens a connection from its source (a pool's
 * {@code getConnection}, typically), runs one query with {@code ?} parameters and closes the connection again.
 *
 * <pre>{@code
 * ViewReader views = new ViewReader(pool::getConnection);
 * List<Video> top = views.list("SELECT id, name, views FROM videos ORDER BY views DESC LIMIT ?",
 *         row -> new Video(row.getString(1), row.getString(2), row.getLong(3)), 10);
 * Optional<Long> watched = views.first("SELECT videos_watched FROM home_page", row -> row.getLong(1));
 * }</pre>
 */
public final class ViewReader {
    /** Maps the current row of a result to a value; must not move the cursor. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet row) throws SQLException;
    }

    private final ConnectionSource connections;

    public ViewReader(ConnectionSource connections) {
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    /**
     * Every row of the query, mapped, in the order the query gives them; empty when there is none.
     *
     * @throws ViewException when the connection or the query fails
     */
    public <T> List<T> list(String sql, Row<T> row, Object... parameters) {
        return query(sql, parameters, rows -> {
            List<T> values = new ArrayList<>();
            while (rows.next()) {
                values.add(row.read(rows));
            }
            return values;
        });
    }

    /**
     * The first row of the query, mapped; empty when there is none (a {@code null} the row maps to is empty too).
     *
     * @throws ViewException when the connection or the query fails
     */
    public <T> Optional<T> first(String sql, Row<T> row, Object... parameters) {
        return query(sql, parameters, rows -> rows.next() ? Optional.ofNullable(row.read(rows)) : Optional.empty());
    }

    private <T> T query(String sql, Object[] parameters, Row<T> result) {
        Objects.requireNonNull(sql, "sql");
        try (Connection connection = connections.open();
             PreparedStatement statement = Statements.prepare(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            return result.read(rows);
        } catch (SQLException e) {
            throw new ViewException("Could not read the view with " + sql, e);
        }
    }
}
