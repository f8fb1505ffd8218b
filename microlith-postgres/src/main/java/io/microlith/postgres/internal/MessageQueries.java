package io.microlith.postgres.internal;

import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.store.CategoryQuery;
import io.microlith.store.CategorySummary;
import io.microlith.store.ConsumerGroup;
import io.microlith.store.MessageQuery;
import io.microlith.store.MessageStoreException;
import io.microlith.store.StreamSummary;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The store's reads, on a pooled connection, retried while the connection is lost (see {@link Retry}). Arguments
 * are checked by the store's SPI before they get here. Plain SELECTs on {@code message_store.messages}.
 *
 * <p>Writers commit side by side (docs/decisions/0099), so a message may become visible while one with a lower
 * global position is still in flight. Every read by global position (category, all, matching, the head) is
 * therefore <b>fenced</b>: it first asks {@code message_store.read_fence()} for the lowest position a writer in
 * flight may still commit, in a statement of its own, and then reads only below it, in a second statement whose
 * snapshot is taken after the fence (a writer that ended in between is visible to it). Reads of a stream by
 * stream position need no fence: a stream's writers hold its lock until they commit.
 */
public final class MessageQueries {
    private static final String READ_STREAM = "SELECT " + MessageRows.COLUMNS + " FROM message_store.messages "
            + "WHERE stream_name = ? AND \"position\" >= ? ORDER BY \"position\" LIMIT ?";
    private static final String LAST_MESSAGE = "SELECT " + MessageRows.COLUMNS + " FROM message_store.messages "
            + "WHERE stream_name = ? ORDER BY \"position\" DESC LIMIT 1";
    private static final String LAST_MESSAGE_OF_TYPE = "SELECT " + MessageRows.COLUMNS + " FROM message_store.messages "
            + "WHERE stream_name = ? AND \"type\" = ? ORDER BY \"position\" DESC LIMIT 1";
    private static final String STREAM_VERSION =
            "SELECT max(\"position\") FROM message_store.messages WHERE stream_name = ?";
    private static final String READ_ALL = "SELECT " + MessageRows.COLUMNS + " FROM message_store.messages "
            + "WHERE global_position >= ? AND global_position < ? ORDER BY global_position LIMIT ?";
    private static final String HEAD = "SELECT coalesce(max(global_position), 0) FROM message_store.messages"
            + " WHERE global_position < ?";
    private static final String FENCE = "SELECT message_store.read_fence()";
    /** Category reads; the expressions match the messages_category index. */
    private static final String READ_CATEGORY = "SELECT " + MessageRows.COLUMNS + " FROM message_store.messages "
            + "WHERE message_store.category(stream_name) = ? AND global_position >= ? AND global_position < ?%s"
            + " ORDER BY global_position LIMIT ?";
    private static final String CORRELATION_FILTER =
            " AND message_store.category(metadata->>'correlationStreamName') = ?";
    private static final String GROUP_FILTER =
            " AND mod(abs(message_store.hash_64(message_store.cardinal_id(stream_name))), ?) = ?";

    private static final String CATEGORIES = "SELECT message_store.category(stream_name), count(*),"
            + " count(DISTINCT stream_name), max(global_position), max(\"time\") FROM message_store.messages GROUP BY 1 ORDER BY 1";
    private static final String STREAMS = "SELECT stream_name, count(*), max(\"position\"), max(global_position),"
            + " max(\"time\") FROM message_store.messages WHERE message_store.category(stream_name) = ? GROUP BY stream_name"
            + " HAVING max(global_position) < ? ORDER BY max(global_position) DESC LIMIT ?";
    private static final String BY_ID = "SELECT " + MessageRows.COLUMNS + " FROM message_store.messages WHERE id = ?";
    private static final String CORRELATED = "SELECT " + MessageRows.COLUMNS + " FROM message_store.messages"
            + " WHERE metadata->>'correlationId' = ? ORDER BY global_position LIMIT ?";

    private final DataSource pool;
    private final Retry retry;
    private final CommitAnnouncer.FenceWatch fenceWatch;

    /** @param fenceWatch told of every fence the reads see */
    public MessageQueries(DataSource pool, Retry retry, CommitAnnouncer.FenceWatch fenceWatch) {
        this.pool = pool;
        this.retry = retry;
        this.fenceWatch = fenceWatch;
    }

    /** The read fence, read afresh: every global position below it is committed or never will be. */
    public long readFence() {
        return withRetry("Reading the read fence", this::fence);
    }

    public List<Message> readStream(StreamName streamName, long fromPosition, int batchSize) {
        return query("Reading stream " + streamName, READ_STREAM, streamName.value(), fromPosition, batchSize);
    }

    public Optional<Message> lastMessage(StreamName streamName, String type) {
        List<Message> last = type == null
                ? query("Reading the last message of " + streamName, LAST_MESSAGE, streamName.value())
                : query("Reading the last message of " + streamName, LAST_MESSAGE_OF_TYPE, streamName.value(), type);
        return last.stream().findFirst();
    }

    public long streamVersion(StreamName streamName) {
        Long version = scalar("Reading the version of " + streamName, STREAM_VERSION, streamName.value());
        return version == null ? -1 : version;
    }

    public List<Message> readCategory(CategoryQuery query) {
        ConsumerGroup group = query.consumerGroup();
        String filters = (query.correlation() == null ? "" : CORRELATION_FILTER) + (group == null ? "" : GROUP_FILTER);
        Object[] parameters = new Object[3 + (query.correlation() == null ? 0 : 1) + (group == null ? 0 : 2) + 1];
        int i = 0;
        parameters[i++] = query.category();
        parameters[i++] = query.fromGlobalPosition();
        parameters[i++] = FENCED;
        if (query.correlation() != null) {
            parameters[i++] = query.correlation();
        }
        if (group != null) {
            parameters[i++] = (long) group.size();
            parameters[i++] = (long) group.member();
        }
        parameters[i] = query.batchSize();
        return fencedQuery("Reading category " + query.category(), READ_CATEGORY.formatted(filters), parameters);
    }

    public List<Message> readAll(long fromGlobalPosition, int batchSize) {
        return fencedQuery("Reading all messages", READ_ALL, fromGlobalPosition, FENCED, batchSize);
    }

    public List<Message> readMatching(MessageQuery query, long fromGlobalPosition, int batchSize) {
        MatchingSql sql = MatchingSql.read(query, fromGlobalPosition, FENCED, batchSize);
        return fencedQuery("Reading the messages matching " + query, sql.sql(), sql.parameters());
    }

    public long headGlobalPosition() {
        return withRetry("Reading the head global position", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(HEAD)) {
                statement.setLong(1, fence(connection));
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Every category with its counts, in name order: a full scan, for people. */
    public List<CategorySummary> categories() {
        return rows("Listing the categories", CATEGORIES, rs -> new CategorySummary(rs.getString(1), rs.getLong(2),
                rs.getLong(3), rs.getLong(4), instant(rs, 5)));
    }

    /** The streams of a category, newest first, whose last message is before {@code before}. */
    public List<StreamSummary> streams(String category, long before, int limit) {
        return rows("Listing the streams of " + category, STREAMS, rs -> new StreamSummary(StreamName.of(rs.getString(1)),
                rs.getLong(2), rs.getLong(3), rs.getLong(4), instant(rs, 5)), category, before, limit);
    }

    public Optional<Message> message(UUID id) {
        return query("Reading message " + id, BY_ID, id).stream().findFirst();
    }

    /** A conversation's messages in global order: a scan of the metadata, for people. */
    public List<Message> correlated(String correlationId, int limit) {
        return query("Reading correlation " + correlationId, CORRELATED, correlationId, limit);
    }

    @FunctionalInterface
    private interface Row<T> {
        T of(ResultSet rs) throws SQLException;
    }

    /** Stands for the fence among a fenced query's parameters; replaced by its value when the query runs. */
    static final Object FENCED = new Object() {
        @Override
        public String toString() {
            return "<read fence>";
        }
    };

    /** The fence, in a statement of its own, so that the next statement's snapshot is taken after it. */
    private long fence(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(FENCE); ResultSet rs = statement.executeQuery()) {
            rs.next();
            long fence = rs.getLong(1);
            fenceWatch.saw(fence);
            return fence;
        }
    }

    /** A query of messages by global position, with {@link #FENCED} among its parameters. */
    private List<Message> fencedQuery(String what, String sql, Object... parameters) {
        return rows(what, sql, MessageRows::message, true, parameters);
    }

    private <T> List<T> rows(String what, String sql, Row<T> row, Object... parameters) {
        return rows(what, sql, row, false, parameters);
    }

    private <T> List<T> rows(String what, String sql, Row<T> row, boolean fenced, Object... parameters) {
        return withRetry(what, connection -> {
            Object[] bound = parameters;
            if (fenced) {
                long fence = fence(connection);
                bound = parameters.clone();
                for (int i = 0; i < bound.length; i++) {
                    if (bound[i] == FENCED) {
                        bound[i] = fence;
                    }
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, bound);
                List<T> rows = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row.of(rs));
                    }
                }
                return rows;
            }
        });
    }

    /** message-db's time column: UTC wall-clock time without a zone. */
    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }

    private List<Message> query(String what, String sql, Object... parameters) {
        return rows(what, sql, MessageRows::message, parameters);
    }

    private Long scalar(String what, String sql, Object... parameters) {
        return withRetry(what, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, parameters);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    long value = rs.getLong(1);
                    return rs.wasNull() ? null : value;
                }
            }
        });
    }

    private static void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }

    @FunctionalInterface
    private interface ConnectionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T withRetry(String what, ConnectionWork<T> work) {
        try {
            return retry.run(what, () -> {
                try (Connection connection = pool.getConnection()) {
                    return work.run(connection);
                }
            });
        } catch (SQLException e) {
            throw new MessageStoreException(what + " failed: " + e.getMessage(), e);
        }
    }
}
