package io.microlith.postgres.internal;

import io.microlith.message.Message;
import io.microlith.message.MetadataJson;
import io.microlith.message.StreamName;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Turns rows of {@link #COLUMNS} into {@link Message}s. */
public final class MessageRows {
    /** The columns every read selects, in this order. */
    public static final String COLUMNS =
            "id, stream_name, \"type\", \"position\", global_position, data, metadata, \"time\"";

    private MessageRows() {
    }

    public static List<Message> read(ResultSet rs, int expected) throws SQLException {
        List<Message> messages = new ArrayList<>(Math.min(expected, 1024));
        while (rs.next()) {
            messages.add(message(rs));
        }
        return messages;
    }

    public static Message message(ResultSet rs) throws SQLException {
        // time is UTC wall-clock time without a zone (message-db's column type).
        LocalDateTime time = rs.getObject(8, LocalDateTime.class);
        return new Message(
                rs.getObject(1, UUID.class),
                StreamName.of(rs.getString(2)),
                rs.getString(3),
                rs.getLong(4),
                rs.getLong(5),
                time.toInstant(ZoneOffset.UTC),
                rs.getString(6),
                MetadataJson.read(rs.getString(7)));
    }
}
