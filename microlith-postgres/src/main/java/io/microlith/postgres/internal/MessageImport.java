package io.microlith.postgres.internal;

import io.microlith.message.Message;
import io.microlith.message.MetadataJson;
import io.microlith.message.StreamName;
import io.microlith.store.DuplicateMessageIdException;
import io.microlith.store.ImportConflictException;
import io.microlith.store.MessageStoreException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An import of messages with their own positions ({@link io.microlith.store.MessageImporter}) in one transaction:
 * under the store lock, taken exclusively (every writer holds it shared while in flight, decision 0099, so no writer
 * commits in between), checks that the messages start
 * above the head and continue their streams, inserts them in one statement with explicit global positions, moves
 * the global position sequence past them (so later writes, by Microlith or any message-db client, get higher ones)
 * and notifies their categories as {@code write_message} does. Not retried on a lost connection: a copy that
 * restarts finds what was committed.
 */
public final class MessageImport {
    private static final String LOCK = "SELECT pg_catalog.pg_advisory_xact_lock(1296845140, 1)";
    private static final String HEAD = "SELECT coalesce(max(global_position), 0) FROM message_store.messages";
    private static final String VERSION = "SELECT coalesce(max(\"position\"), -1) FROM message_store.messages WHERE stream_name = ?";
    private static final String INSERT = "INSERT INTO message_store.messages"
            + " (global_position, \"position\", \"time\", stream_name, \"type\", data, metadata, id)"
            + " SELECT * FROM unnest(?::int8[], ?::int8[], ?::text[]::timestamp[], ?::text[], ?::text[],"
            + " ?::text[]::jsonb[], ?::text[]::jsonb[], ?::text[]::uuid[])";
    /** Past the imported positions, never back: the sequence may be ahead of the head (rolled-back writes drew values). */
    private static final String MOVE_SEQUENCE = "SELECT setval('message_store.messages_global_position_seq',"
            + " greatest(?, (SELECT last_value FROM message_store.messages_global_position_seq)))";
    /**
     * notify_commit's NOTIFY, sent directly: the store's connections set message_store.notify off (decision 0099),
     * and an import holds the store lock exclusively anyway, so notifying in its transaction serialises nothing more.
     */
    private static final String NOTIFY = "SELECT pg_catalog.pg_notify('" + NotificationListener.CHANNEL + "', ?::bigint || ' ' || ?)";

    private final DataSource pool;

    public MessageImport(DataSource pool) {
        this.pool = pool;
    }

    /** Imports coherent messages (checked by the caller); returns the last one's global position. */
    public long run(List<Message> messages) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                importIn(connection, messages);
                connection.commit();
                return messages.getLast().globalPosition();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            UUID duplicate = SqlErrors.duplicateMessageId(e);
            if (duplicate != null) {
                throw new DuplicateMessageIdException(duplicate);
            }
            throw new MessageStoreException("Importing " + messages.size() + " messages failed; nothing of them was stored: "
                    + e.getMessage(), e);
        }
    }

    private static void importIn(Connection connection, List<Message> messages) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(LOCK);
            try (ResultSet rs = statement.executeQuery(HEAD)) {
                rs.next();
                long head = rs.getLong(1);
                if (messages.getFirst().globalPosition() <= head) {
                    throw ImportConflictException.headAt(head, messages.getFirst().globalPosition());
                }
            }
        }
        Map<String, Long> categories = new LinkedHashMap<>();
        try (PreparedStatement version = connection.prepareStatement(VERSION)) {
            Map<StreamName, Boolean> checked = new LinkedHashMap<>();
            for (Message message : messages) {
                categories.merge(message.category(), message.globalPosition(), Math::max);
                if (checked.putIfAbsent(message.streamName(), true) == null) {
                    version.setString(1, message.streamName().value());
                    try (ResultSet rs = version.executeQuery()) {
                        rs.next();
                        long current = rs.getLong(1);
                        if (current != message.position() - 1) {
                            throw ImportConflictException.streamAt(message.streamName(), current, message.position());
                        }
                    }
                }
            }
        }
        int size = messages.size();
        Long[] globalPositions = new Long[size];
        Long[] positions = new Long[size];
        String[] times = new String[size];
        String[] streams = new String[size];
        String[] types = new String[size];
        String[] data = new String[size];
        String[] metadata = new String[size];
        String[] ids = new String[size];
        for (int i = 0; i < size; i++) {
            Message message = messages.get(i);
            globalPositions[i] = message.globalPosition();
            positions[i] = message.position();
            times[i] = LocalDateTime.ofInstant(message.time(), ZoneOffset.UTC).toString();
            streams[i] = message.streamName().value();
            types[i] = message.type();
            data[i] = message.data();
            metadata[i] = MetadataJson.write(message.metadata());
            ids[i] = message.id().toString();
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setArray(1, connection.createArrayOf("int8", globalPositions));
            insert.setArray(2, connection.createArrayOf("int8", positions));
            insert.setArray(3, connection.createArrayOf("text", times));
            insert.setArray(4, connection.createArrayOf("text", streams));
            insert.setArray(5, connection.createArrayOf("text", types));
            insert.setArray(6, connection.createArrayOf("text", data));
            insert.setArray(7, connection.createArrayOf("text", metadata));
            insert.setArray(8, connection.createArrayOf("text", ids));
            insert.executeUpdate();
        }
        try (PreparedStatement sequence = connection.prepareStatement(MOVE_SEQUENCE)) {
            sequence.setLong(1, messages.getLast().globalPosition());
            sequence.executeQuery().close();
        }
        try (PreparedStatement notify = connection.prepareStatement(NOTIFY)) {
            for (Map.Entry<String, Long> category : categories.entrySet()) {
                notify.setLong(1, category.getValue());
                notify.setString(2, category.getKey());
                notify.executeQuery().close();
            }
        }
    }
}
