package io.microlith.postgres.internal;

import io.microlith.message.MetadataJson;
import io.microlith.message.NewMessage;
import io.microlith.store.DuplicateMessageIdException;
import io.microlith.store.ExpectedVersionException;
import io.microlith.store.MessageStoreException;
import io.microlith.store.StreamWrite;
import io.microlith.store.WriteResult;

import javax.sql.DataSource;
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
 * Executes batches of writes with {@code message_store.write_batch}: one statement, one transaction, one
 * round trip per batch. Completes every write of the batch and never throws.
 *
 * <p>Failures: a lost connection is retried on a fresh one (see {@link Retry}); since the lost attempt may
 * have committed, the retry first looks the writes' message ids up and counts a write whose messages are all
 * stored, exactly as sent, as done (idempotent by message id). A duplicate id or other error in a batch of
 * several callers' writes is retried write by write, so that only the write at fault fails.
 *
 * <p>With pipelined commits, a write's transaction commits without waiting for its WAL flush and the write
 * is reported done by the {@link Flusher} once a flush barrier has passed.
 */
public final class BatchWriter {
    private static final String WRITE_BATCH =
            "SELECT statuses, versions_before, last_global_positions FROM message_store.write_batch("
                    + "?::varchar[], ?::int8[], ?::int4[], ?::int4[], ?::int4[], ?::int4[], ?::uuid[], ?::varchar[], ?::varchar[], ?::varchar[])";
    /** One message alone: message-db's write_message (lighter than write_batch), and the position it drew. */
    private static final String WRITE_ONE = "SELECT w.position, currval('message_store.messages_global_position_seq')"
            + " FROM message_store.write_message(?, ?, ?, ?::jsonb, ?::jsonb, ?) AS w(position)";
    private static final String STORED_COPIES = """
            SELECT s.id, m.stream_name, m."position", m.global_position,
                   m.id IS NOT NULL AND m.stream_name = s.stream_name AND m."type" = s."type"
                     AND m.data IS NOT DISTINCT FROM s.data::jsonb
                     AND m.metadata IS NOT DISTINCT FROM s.metadata::jsonb AS same
            FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[]) AS s(id, stream_name, "type", data, metadata)
            LEFT JOIN message_store.messages m ON m.id = s.id""";

    /** Appended to a write's SELECT list in pipelined mode: commit without waiting for the WAL flush. */
    private static final String ASYNCHRONOUS = ", set_config('synchronous_commit', 'off', true)";
    /** A synchronous commit of a transaction with an id: it returns once the WAL up to it, ours included, is flushed. */
    static final String FLUSH_BARRIER = "SELECT pg_current_xact_id()";

    private final DataSource dataSource;
    private final Retry retry;
    private final Flusher flusher;
    private final String writeBatch;
    private final String writeOne;

    /**
     * @param pipelined commit without waiting for the flush and report writes done after a flush barrier
     *                  (see {@code CommitMode.PIPELINED}); otherwise commit synchronously
     */
    public BatchWriter(DataSource dataSource, Retry retry, boolean pipelined) {
        this.dataSource = dataSource;
        this.retry = retry;
        this.flusher = pipelined ? new Flusher(dataSource, this) : null;
        this.writeBatch = pipelined ? WRITE_BATCH.replaceFirst(" FROM ", ASYNCHRONOUS + " FROM ") : WRITE_BATCH;
        this.writeOne = pipelined ? WRITE_ONE.replaceFirst(" FROM ", ASYNCHRONOUS + " FROM ") : WRITE_ONE;
    }

    /** Reports a committed write: at once, or after the next flush barrier when commits are pipelined. */
    private void committed(PendingWrite write, List<WriteResult> results) {
        if (flusher == null) {
            write.succeed(results);
        } else {
            write.committed(results);
            flusher.add(write);
        }
    }

    /** Waits for the writes awaiting a flush barrier, then stops the flusher. */
    public void close() {
        if (flusher != null) {
            flusher.close();
        }
    }

    /** Writes the batch; every write in it is done afterwards. */
    public void execute(List<PendingWrite> batch) {
        long deadline = retry.deadline();
        long pause = Retry.FIRST_PAUSE_MS;
        while (true) {
            List<PendingWrite> open = batch.stream().filter(w -> !w.isDone() && !w.isAwaitingFlush()).toList();
            if (open.isEmpty()) {
                return;
            }
            try (Connection connection = dataSource.getConnection()) {
                settleUncertain(connection, open);
                open = open.stream().filter(w -> !w.isDone()).toList();
                if (!open.isEmpty()) {
                    writeBatch(connection, open);
                }
                return;
            } catch (SQLException e) {
                if (SqlErrors.isTransient(e)) {
                    open.forEach(PendingWrite::markUncertain);
                    if (System.nanoTime() + pause * 1_000_000 > deadline) {
                        MessageStoreException failure = new MessageStoreException("Writing failed: the database stayed "
                                + "unreachable for " + retry.retryFor().toSeconds() + " s, whether the write was stored is "
                                + "unknown; retry it with the same message ids (" + e.getMessage() + ")", e);
                        open.forEach(w -> w.fail(failure));
                        return;
                    }
                    Retry.pause(pause);
                    pause = Math.min(pause * 2, Retry.LONGEST_PAUSE_MS);
                    continue;
                }
                if (open.size() > 1) {
                    // One caller's write is at fault (a known id, data the server refuses): isolate it.
                    for (PendingWrite write : open) {
                        execute(List.of(write));
                    }
                    return;
                }
                fail(open.get(0), e);
                return;
            }
        }
    }

    private void fail(PendingWrite write, SQLException e) {
        UUID duplicate = SqlErrors.duplicateMessageId(e);
        if (duplicate != null && write.isUncertain()) {
            // An earlier attempt may have committed after our look-up: look again before calling it a duplicate.
            try (Connection connection = dataSource.getConnection()) {
                settleUncertain(connection, List.of(write));
            } catch (SQLException again) {
                e.addSuppressed(again);
            }
        }
        if (duplicate != null) {
            write.fail(new DuplicateMessageIdException(duplicate));
            return;
        }
        ExpectedVersionException wrongVersion = SqlErrors.expectedVersion(e);
        if (wrongVersion != null && write.writes().size() == 1) {
            StreamWrite only = write.writes().get(0);
            wrongVersion = new ExpectedVersionException(only.streamName(), only.expected(), wrongVersion.actual());
        }
        write.fail(wrongVersion != null ? wrongVersion
                : new MessageStoreException("Writing to " + streamsOf(write) + " failed, nothing was stored: " + e.getMessage(), e));
    }

    private void writeBatch(Connection connection, List<PendingWrite> writes) throws SQLException {
        if (writes.size() == 1 && writes.get(0).messageCount() == 1) {
            writeOne(connection, writes.get(0));
            return;
        }
        int streamWrites = 0;
        int messages = 0;
        for (PendingWrite write : writes) {
            streamWrites += write.writes().size();
            messages += write.messageCount();
        }
        String[] streams = new String[streamWrites];
        Long[] expected = new Long[streamWrites];
        int[] units = new int[streamWrites];
        int[] counts = new int[streamWrites];
        int[] messageWrites = new int[messages];
        int[] offsets = new int[messages];
        String[] ids = new String[messages];
        String[] types = new String[messages];
        String[] data = new String[messages];
        String[] metadata = new String[messages];
        int w = 0;
        int m = 0;
        for (int unit = 0; unit < writes.size(); unit++) {
            for (StreamWrite write : writes.get(unit).writes()) {
                streams[w] = write.streamName().value();
                expected[w] = write.expected().asNullableLong();
                units[w] = unit + 1;
                counts[w] = write.messages().size();
                int offset = 0;
                for (NewMessage message : write.messages()) {
                    messageWrites[m] = w + 1;
                    offsets[m] = offset++;
                    ids[m] = message.id().toString();
                    types[m] = message.type();
                    data[m] = message.data();
                    metadata[m] = MetadataJson.write(message.metadata());
                    m++;
                }
                w++;
            }
        }
        // Java arrays go in the driver's binary array format (no quoting and parsing of array literals).
        try (PreparedStatement statement = connection.prepareStatement(writeBatch)) {
            statement.setObject(1, streams);
            statement.setObject(2, expected);
            statement.setObject(3, units);
            statement.setObject(4, counts);
            statement.setObject(5, messageWrites);
            statement.setObject(6, offsets);
            statement.setObject(7, ids);
            statement.setObject(8, types);
            statement.setObject(9, data);
            statement.setObject(10, metadata);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("write_batch returned no row");
                }
                Outcomes outcomes = new Outcomes((Object[]) rs.getArray(1).getArray(), (Object[]) rs.getArray(2).getArray(),
                        rs.getArray(3) == null ? null : (Object[]) rs.getArray(3).getArray());
                int index = 0;
                for (PendingWrite write : writes) {
                    index = complete(write, outcomes, index);
                }
            }
        }
    }

    /**
     * A write of one message. A wrong expected version comes back as message-db's error (SQLSTATE P0001,
     * 'Wrong expected version: ...'), which {@link #fail} reads.
     */
    private void writeOne(Connection connection, PendingWrite write) throws SQLException {
        StreamWrite streamWrite = write.writes().get(0);
        NewMessage message = streamWrite.messages().get(0);
        try (PreparedStatement statement = connection.prepareStatement(writeOne)) {
            statement.setString(1, message.id().toString());
            statement.setString(2, streamWrite.streamName().value());
            statement.setString(3, message.type());
            statement.setString(4, message.data());
            statement.setString(5, MetadataJson.write(message.metadata()));
            statement.setObject(6, streamWrite.expected().asNullableLong(), java.sql.Types.BIGINT);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                long position = rs.getLong(1);
                committed(write, List.of(new WriteResult(streamWrite.streamName(), position, position, rs.getLong(2))));
            }
        }
    }

    /** write_batch's answer: per stream write, its status, version before, and last global position. */
    private record Outcomes(Object[] statuses, Object[] versionsBefore, Object[] lastGlobalPositions) {
        int status(int i) {
            return ((Number) statuses[i]).intValue();
        }

        long versionBefore(int i) {
            return ((Number) versionsBefore[i]).longValue();
        }

        long lastGlobalPosition(int i) {
            return ((Number) lastGlobalPositions[i]).longValue();
        }
    }

    /** Completes {@code write} from the outcomes of its stream writes, starting at {@code index}. */
    private int complete(PendingWrite write, Outcomes outcomes, int index) {
        List<WriteResult> results = new ArrayList<>(write.writes().size());
        RuntimeException failure = null;
        for (StreamWrite streamWrite : write.writes()) {
            int status = outcomes.status(index);
            long before = outcomes.versionBefore(index);
            if (status == 0) {
                long version = before + streamWrite.messages().size();
                results.add(new WriteResult(streamWrite.streamName(), before + 1, version, outcomes.lastGlobalPosition(index)));
            } else if (status == 1) {
                failure = new ExpectedVersionException(streamWrite.streamName(), streamWrite.expected(), before);
            }
            index++;
        }
        if (failure != null) {
            write.fail(failure);
        } else {
            committed(write, results);
        }
        return index;
    }

    /**
     * For writes an earlier attempt may have stored: completes those whose messages are all stored as sent,
     * fails with {@link DuplicateMessageIdException} those with some id stored otherwise, leaves the rest.
     */
    private void settleUncertain(Connection connection, List<PendingWrite> writes) throws SQLException {
        List<PendingWrite> uncertain = writes.stream().filter(PendingWrite::isUncertain).toList();
        if (uncertain.isEmpty()) {
            return;
        }
        if (flusher != null) {
            // A pipelined commit may be visible but not yet flushed: what the look-up finds must be durable.
            try (Statement barrier = connection.createStatement()) {
                barrier.execute(FLUSH_BARRIER);
            }
        }
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
        record Stored(boolean present, boolean same, long position, long globalPosition) {
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
        for (PendingWrite write : uncertain) {
            List<WriteResult> results = new ArrayList<>();
            int present = 0;
            int same = 0;
            int total = 0;
            UUID firstPresent = null;
            for (StreamWrite streamWrite : write.writes()) {
                List<NewMessage> messages = streamWrite.messages();
                Stored first = null;
                Stored last = null;
                for (NewMessage message : messages) {
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
                continue;
            }
            if (same == total) {
                write.succeed(results);
            } else {
                write.fail(new DuplicateMessageIdException(firstPresent));
            }
        }
    }

    private static String streamsOf(PendingWrite write) {
        return write.writes().stream().map(w -> w.streamName().value()).toList().toString();
    }
}
