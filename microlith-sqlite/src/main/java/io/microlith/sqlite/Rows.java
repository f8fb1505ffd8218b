package io.microlith.sqlite;

import io.microlith.message.MetadataJson;
import io.microlith.message.Message;
import io.microlith.message.Metadata;
import io.microlith.message.StreamName;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Rows of {@link #COLUMNS} to messages. */
final class Rows {
    static final String COLUMNS = "global_position, position, time, stream_name, type, data, metadata, id";

    private Rows() {
    }

    /**
     * Reads every row. {@code knownStream}, when given, is the stream all rows belong to (a stream read),
     * which saves parsing the name again for each row.
     */
    static List<Message> messages(ResultSet rs, StreamName knownStream, int expected) throws SQLException {
        List<Message> messages = new ArrayList<>(Math.min(expected, 1024));
        StreamName previous = knownStream;
        String previousMetadataText = null;
        Metadata previousMetadata = Metadata.EMPTY;
        while (rs.next()) {
            String stream = rs.getString(4);
            // Category reads often return runs of one stream; reuse the parsed name across such a run.
            StreamName name = previous != null && previous.value().equals(stream) ? previous : StreamName.of(stream);
            previous = name;
            long micros = rs.getLong(3);
            String metadataText = rs.getString(7);
            // Messages written together usually carry the same metadata (one correlation, one cause):
            // parsing is the costliest part of a row, and Metadata is immutable, so reuse it.
            Metadata metadata = metadataText == null ? Metadata.EMPTY
                    : metadataText.equals(previousMetadataText) ? previousMetadata : MetadataJson.read(metadataText);
            previousMetadataText = metadataText;
            previousMetadata = metadata;
            messages.add(new Message(
                    Uuids.fromBytes(rs.getBytes(8)),
                    name,
                    rs.getString(5),
                    rs.getLong(2),
                    rs.getLong(1),
                    Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L),
                    rs.getString(6),
                    metadata));
        }
        return messages;
    }
}
