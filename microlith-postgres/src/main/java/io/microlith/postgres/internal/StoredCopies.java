package io.microlith.postgres.internal;

import io.microlith.message.MetadataJson;
import io.microlith.message.NewMessage;
import io.microlith.store.DuplicateMessageIdException;
import io.microlith.store.StreamWrite;
import io.microlith.store.WriteResult;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Settles writes that an earlier attempt may have stored (its connection was lost, or its flush barrier
 * failed): looks their message ids up and counts a write whose messages are all stored, exactly as sent, as
 * done. This is what makes retries idempotent by message id: a write is never stored twice, and never
 * reported failed once stored.
 */
final class StoredCopies {
    private static final String STORED_COPIES = """
            SELECT s.id, m.stream_name, m."position", m.global_position,
                   m.id IS NOT NULL AND m.stream_name = s.stream_name AND m."type" = s."type"
                     AND m.data IS NOT DISTINCT FROM s.data::jsonb
                     AND m.metadata IS NOT DISTINCT FROM s.metadata::jsonb AS same
            FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[]) AS s(id, stream_name, "type", data, metadata)
            LEFT JOIN message_store.messages m ON m.id = s.id""";

    private final boolean pipelined;

    /** @param pipelined whether commits may be visible before they are flushed (see {@link Flusher}) */
    StoredCopies(boolean pipelined) {
        this.pipelined = pipelined;
    }

    /** One message's stored copy, as the look-up found it. */
    private record Stored(boolean present, boolean same, long position, long globalPosition) {
    }

    /**
     * For the uncertain writes among {@code writes}: completes those whose messages are all stored as sent,
     * fails with {@link DuplicateMessageIdException} those with some id stored otherwise, leaves the rest.
     */
    void settle(Connection connection, List<PendingWrite> writes) throws SQLException {
        List<PendingWrite> uncertain = writes.stream().filter(PendingWrite::isUncertain).toList();
        if (uncertain.isEmpty()) {
            return;
        }
        if (pipelined) {
            // A pipelined commit may be visible but not yet flushed: what the look-up finds must be durable.
            try (Statement barrier = connection.createStatement()) {
                barrier.execute(Flusher.BARRIER);
            }
        }
        Map<UUID, Stored> stored = lookUp(connection, uncertain);
        for (PendingWrite write : uncertain) {
            settle(write, stored);
        }
    }

    private static Map<UUID, Stored> lookUp(Connection connection, List<PendingWrite> uncertain) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        List<String> streams = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> data = new ArrayList<>();
        List<String> metadata = new ArrayList<>();
        for (PendingWrite write : uncertain) {
            for (StreamWrite streamWrite : write.writes()) {
                for (NewMessage message : streamWrite.messages()) {
                    ids.add(message.id());
                    streams.add(streamWrite.streamName().value());
                    types.add(message.type());
                    data.add(message.data());
                    metadata.add(MetadataJson.write(message.metadata()));
                }
            }
        }
        Map<UUID, Stored> stored = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(STORED_COPIES)) {
            statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            statement.setArray(2, connection.createArrayOf("text", streams.toArray()));
            statement.setArray(3, connection.createArrayOf("text", types.toArray()));
            statement.setArray(4, connection.createArrayOf("text", data.toArray()));
            statement.setArray(5, connection.createArrayOf("text", metadata.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    boolean present = rs.getString(2) != null;
                    stored.put(id, new Stored(present, rs.getBoolean(5), rs.getLong(3), rs.getLong(4)));
                }
            }
        }
        return stored;
    }

    private static void settle(PendingWrite write, Map<UUID, Stored> stored) {
        List<WriteResult> results = new ArrayList<>();
        int present = 0;
        int same = 0;
        int total = 0;
        UUID firstPresent = null;
        for (StreamWrite streamWrite : write.writes()) {
            Stored first = null;
            Stored last = null;
            for (NewMessage message : streamWrite.messages()) {
                Stored copy = stored.get(message.id());
                total++;
                if (copy != null && copy.present()) {
                    present++;
                    firstPresent = firstPresent == null ? message.id() : firstPresent;
                    if (copy.same() && (last == null || copy.position() == last.position() + 1)) {
                        same++;
                    }
                    first = first == null ? copy : first;
                    last = copy;
                }
            }
            if (first != null && last != null) {
                results.add(new WriteResult(streamWrite.streamName(), first.position(), last.position(),
                        last.globalPosition()));
            }
        }
        if (present == 0) {
            return;
        }
        if (same == total) {
            write.succeed(results);
        } else {
            write.fail(new DuplicateMessageIdException(firstPresent));
        }
    }
}
