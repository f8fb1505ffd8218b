package io.microlith.sqlite;

import io.microlith.message.Message;
import io.microlith.message.MetadataJson;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.Hash64;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;

/**
 * The writer's one prepared INSERT: binds a message of a {@link PreparedWrite} with the positions the
 * writer assigned, and tells a stored id (the unique index refused it) from any other failure.
 */
final class MessageInsert implements AutoCloseable {
    private static final String INSERT = "INSERT INTO messages (global_position, position, time, stream_name,"
            + " category, cardinal_hash, type, data, metadata, correlation, id) VALUES (?,?,?,?,?,?,?,?,?,?,?)";

    /** Or-ignore: metadata written by hand may repeat a tag; the row says the message has it, once. */
    private static final String INSERT_TAG = "INSERT OR IGNORE INTO message_tags (tag, global_position) VALUES (?,?)";

    private final PreparedStatement insert;
    private final PreparedStatement insertTag;

    MessageInsert(Connection connection) throws SQLException {
        // Prepared once: compiling the statement again for every message would cost more than the insert.
        this.insert = connection.prepareStatement(INSERT);
        this.insertTag = connection.prepareStatement(INSERT_TAG);
    }

    /**
     * Inserts message {@code index} of {@code write}.
     *
     * @throws StoredIdException the file already holds the message's id
     */
    void insert(PreparedWrite write, int index, long position, long globalPosition, long micros)
            throws SQLException, StoredIdException {
        NewMessage message = write.messages.get(index);
        insert.setLong(1, globalPosition);
        insert.setLong(2, position);
        insert.setLong(3, micros);
        insert.setString(4, write.stream);
        insert.setString(5, write.category);
        insert.setLong(6, write.cardinalHash);
        insert.setString(7, message.type());
        insert.setString(8, message.data());
        setNullable(9, write.metadata[index]);
        setNullable(10, write.correlations[index]);
        insert.setBytes(11, write.ids[index]);
        execute();
        insertTags(write.tags.get(index), globalPosition);
    }

    /**
     * Inserts an imported message with its own positions and time.
     *
     * @throws StoredIdException the file already holds the message's id
     */
    void insert(Message message) throws SQLException, StoredIdException {
        Instant time = message.time();
        StreamName correlation = message.metadata().correlationStreamName();
        insert.setLong(1, message.globalPosition());
        insert.setLong(2, message.position());
        insert.setLong(3, Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000));
        insert.setString(4, message.streamName().value());
        insert.setString(5, message.category());
        insert.setLong(6, Hash64.of(message.streamName().cardinalId().orElseThrow()));
        insert.setString(7, message.type());
        insert.setString(8, message.data());
        setNullable(9, MetadataJson.write(message.metadata()));
        setNullable(10, correlation == null ? null : correlation.category());
        insert.setBytes(11, Uuids.toBytes(message.id()));
        execute();
        insertTags(message.metadata().tags(), message.globalPosition());
    }

    private void execute() throws SQLException, StoredIdException {
        try {
            insert.executeUpdate();
        } catch (SQLException e) {
            if (isStoredIdViolation(e)) {
                throw new StoredIdException();
            }
            throw e;
        }
    }

    /** Indexes a message's tags (decision 0080), in the transaction that inserts it. */
    private void insertTags(List<String> tags, long globalPosition) throws SQLException {
        for (String tag : tags) {
            insertTag.setString(1, tag);
            insertTag.setLong(2, globalPosition);
            insertTag.executeUpdate();
        }
    }

    private void setNullable(int index, String value) throws SQLException {
        if (value == null) {
            insert.setNull(index, Types.VARCHAR);
        } else {
            insert.setString(index, value);
        }
    }

    private static boolean isStoredIdViolation(SQLException e) {
        String message = e.getMessage();
        return message != null && message.contains("UNIQUE constraint failed: messages.id");
    }

    @Override
    public void close() throws SQLException {
        insert.close();
        insertTag.close();
    }

    /** The unique index refused an id that the file already holds. Cheap: no stack trace. */
    static final class StoredIdException extends Exception {
        StoredIdException() {
            super(null, null, false, false);
        }
    }
}
