package io.microlith.sqlite;

import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.store.CategorySummary;
import io.microlith.store.StreamSummary;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The store's {@link io.microlith.store.StoreBrowser} reads, on a read connection. Rare reads for people: statements
 * are prepared per call. Listing categories and finding a conversation scan the table; a stream list groups one
 * category (its index); a message by id uses the unique id index.
 */
final class BrowseQueries {
    private static final String CATEGORIES = "SELECT category, count(*), count(DISTINCT stream_name), max(global_position),"
            + " max(time) FROM messages GROUP BY category ORDER BY category";
    private static final String STREAMS = "SELECT stream_name, count(*), max(position), max(global_position), max(time)"
            + " FROM messages WHERE category = ? GROUP BY stream_name HAVING max(global_position) < ?"
            + " ORDER BY max(global_position) DESC LIMIT ?";
    private static final String BY_ID = "SELECT " + Rows.COLUMNS + " FROM messages WHERE id = ?";
    private static final String CORRELATED = "SELECT " + Rows.COLUMNS + " FROM messages"
            + " WHERE metadata IS NOT NULL AND json_extract(metadata, '$.correlationId') = ? ORDER BY global_position LIMIT ?";

    private BrowseQueries() {
    }

    static List<CategorySummary> categories(Connection connection) throws SQLException {
        List<CategorySummary> categories = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(CATEGORIES); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                categories.add(new CategorySummary(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        time(rs.getLong(5))));
            }
        }
        return categories;
    }

    static List<StreamSummary> streams(Connection connection, String category, long before, int limit) throws SQLException {
        List<StreamSummary> streams = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(STREAMS)) {
            statement.setString(1, category);
            statement.setLong(2, before);
            statement.setInt(3, limit);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    streams.add(new StreamSummary(StreamName.of(rs.getString(1)), rs.getLong(2), rs.getLong(3),
                            rs.getLong(4), time(rs.getLong(5))));
                }
            }
        }
        return streams;
    }

    static Optional<Message> message(Connection connection, UUID id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(BY_ID)) {
            statement.setBytes(1, Uuids.toBytes(id));
            try (ResultSet rs = statement.executeQuery()) {
                return Rows.messages(rs, null, 1).stream().findFirst();
            }
        }
    }

    static List<Message> correlated(Connection connection, String correlationId, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(CORRELATED)) {
            statement.setString(1, correlationId);
            statement.setInt(2, limit);
            try (ResultSet rs = statement.executeQuery()) {
                return Rows.messages(rs, null, limit);
            }
        }
    }

    /** The time column: microseconds since the epoch, UTC. */
    private static Instant time(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
