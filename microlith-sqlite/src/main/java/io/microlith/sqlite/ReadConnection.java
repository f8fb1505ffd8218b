package io.microlith.sqlite;

import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.store.CategoryQuery;
import io.microlith.store.ConsumerGroup;
import io.microlith.store.MessageQuery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * One read-only connection with its prepared statements. Used by one thread at a time (the pool hands
 * it out). Each statement runs in its own implicit read transaction, so it sees one committed snapshot.
 */
final class ReadConnection implements AutoCloseable {
    private static final String SELECT = "SELECT " + Rows.COLUMNS + " FROM messages ";

    private final Connection connection;
    private final PreparedStatement stream;
    private final PreparedStatement last;
    private final PreparedStatement lastOfType;
    private final PreparedStatement version;
    private final PreparedStatement all;
    /** Category reads by filter: index bit 0 = consumer group, bit 1 = correlation. Prepared on first use. */
    private final PreparedStatement[] category = new PreparedStatement[4];

    ReadConnection(Connection connection) throws SQLException {
        this.connection = connection;
        stream = connection.prepareStatement(SELECT
                + "WHERE stream_name = ? AND position >= ? ORDER BY position LIMIT ?");
        last = connection.prepareStatement(SELECT + "WHERE stream_name = ? ORDER BY position DESC LIMIT 1");
        lastOfType = connection.prepareStatement(SELECT
                + "WHERE stream_name = ? AND type = ? ORDER BY position DESC LIMIT 1");
        version = connection.prepareStatement("SELECT max(position) FROM messages WHERE stream_name = ?");
        all = connection.prepareStatement(SELECT + "WHERE global_position >= ? ORDER BY global_position LIMIT ?");
    }

    List<Message> readStream(StreamName name, long fromPosition, int batchSize) throws SQLException {
        stream.setString(1, name.value());
        stream.setLong(2, fromPosition);
        stream.setInt(3, batchSize);
        try (ResultSet rs = stream.executeQuery()) {
            return Rows.messages(rs, name, batchSize);
        }
    }

    Optional<Message> lastMessage(StreamName name, String type) throws SQLException {
        PreparedStatement query = type == null ? last : lastOfType;
        query.setString(1, name.value());
        if (type != null) {
            query.setString(2, type);
        }
        try (ResultSet rs = query.executeQuery()) {
            List<Message> messages = Rows.messages(rs, name, 1);
            return messages.isEmpty() ? Optional.empty() : Optional.of(messages.get(0));
        }
    }

    long streamVersion(StreamName name) throws SQLException {
        version.setString(1, name.value());
        try (ResultSet rs = version.executeQuery()) {
            long max = rs.next() ? rs.getLong(1) : -1;
            return rs.wasNull() ? -1 : max;
        }
    }

    List<Message> readAll(long fromGlobalPosition, int batchSize) throws SQLException {
        all.setLong(1, fromGlobalPosition);
        all.setInt(2, batchSize);
        try (ResultSet rs = all.executeQuery()) {
            return Rows.messages(rs, null, batchSize);
        }
    }

    List<Message> readCategory(CategoryQuery query) throws SQLException {
        ConsumerGroup group = query.consumerGroup();
        int shape = (group == null ? 0 : 1) | (query.correlation() == null ? 0 : 2);
        PreparedStatement statement = categoryStatement(shape);
        int p = 1;
        statement.setString(p++, query.category());
        statement.setLong(p++, query.fromGlobalPosition());
        if (group != null) {
            // ConsumerGroup.memberOf is the rule; SQL's abs() overflows on Long.MIN_VALUE, so that one hash
            // gets its member computed here (a 2^-64 case, kept exact so every store partitions alike).
            statement.setInt(p++, ConsumerGroup.memberOf(Long.MIN_VALUE, group.size()));
            statement.setInt(p++, group.size());
            statement.setInt(p++, group.member());
        }
        if (query.correlation() != null) {
            statement.setString(p++, query.correlation());
        }
        statement.setInt(p, query.batchSize());
        try (ResultSet rs = statement.executeQuery()) {
            return Rows.messages(rs, null, query.batchSize());
        }
    }

    List<Message> readMatching(MessageQuery query, long fromGlobalPosition, int batchSize) throws SQLException {
        try (PreparedStatement statement = QuerySql.read(query, fromGlobalPosition, batchSize).prepare(connection);
             ResultSet rs = statement.executeQuery()) {
            return Rows.messages(rs, null, batchSize);
        }
    }

    private PreparedStatement categoryStatement(int shape) throws SQLException {
        if (category[shape] == null) {
            StringBuilder sql = new StringBuilder(SELECT).append("WHERE category = ? AND global_position >= ?");
            if ((shape & 1) != 0) {
                sql.append(" AND (CASE WHEN cardinal_hash = -9223372036854775808 THEN ?")
                        .append(" ELSE abs(cardinal_hash) % ? END) = ?");
            }
            if ((shape & 2) != 0) {
                sql.append(" AND correlation = ?");
            }
            sql.append(" ORDER BY global_position LIMIT ?");
            category[shape] = connection.prepareStatement(sql.toString());
        }
        return category[shape];
    }

    /** The connection itself, for the rare reads that prepare their own statements ({@link BrowseQueries}). */
    Connection connection() {
        return connection;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
