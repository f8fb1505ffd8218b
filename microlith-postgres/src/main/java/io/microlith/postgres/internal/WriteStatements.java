package io.microlith.postgres.internal;

import io.microlith.message.MetadataJson;
import io.microlith.message.NewMessage;
import io.microlith.store.AppendCondition;
import io.microlith.store.AppendConditionFailedException;
import io.microlith.store.ExpectedVersionException;
import io.microlith.store.StreamWrite;
import io.microlith.store.WriteResult;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The statement that writes one combined transaction, and the reading of its outcome: message-db's
 * {@code write_message} for one message alone (lighter), Microlith's {@code write_batch} for anything more
 * (any number of callers' writes to any number of streams, one statement, one round trip). A write whose
 * expected version does not match fails on its own with {@link ExpectedVersionException}; a committed one is
 * handed to the {@code committed} callback; any other failure is thrown for the {@link BatchWriter} to handle.
 *
 * <p>A write with an {@link AppendCondition} comes alone (the {@link WriteCombiner} never combines it) and runs in a
 * transaction of its own: take the store lock exclusively ({@code lock_store()}: every other writer holds it shared
 * while in flight), check each condition by a query, then the same write statement, then commit. Under the lock no
 * other writer commits, so the check and the write are atomic (decisions 0082, 0099); a failed condition rolls back and fails the write with {@link AppendConditionFailedException}.
 */
final class WriteStatements {
    private static final String WRITE_BATCH =
            "SELECT statuses, versions_before, last_global_positions FROM message_store.write_batch("
                    + "?::varchar[], ?::int8[], ?::int4[], ?::int4[], ?::int4[], ?::int4[], ?::uuid[], ?::varchar[], ?::varchar[], ?::varchar[])";
    /** One message alone: message-db's write_message (lighter than write_batch), and the position it drew. */
    private static final String WRITE_ONE = "SELECT w.position, currval('message_store.messages_global_position_seq')"
            + " FROM message_store.write_message(?, ?, ?, ?::jsonb, ?::jsonb, ?) AS w(position)";
    /** Appended to a write's SELECT list in pipelined mode: commit without waiting for the WAL flush. */
    private static final String ASYNCHRONOUS = ", set_config('synchronous_commit', 'off', true)";

    private final String writeBatch;
    private final String writeOne;
    private final BiConsumer<PendingWrite, List<WriteResult>> committed;

    /**
     * @param pipelined commit without waiting for the WAL flush (see {@code CommitMode.PIPELINED})
     * @param committed told of each write that committed, with its results
     */
    WriteStatements(boolean pipelined, BiConsumer<PendingWrite, List<WriteResult>> committed) {
        this.writeBatch = pipelined ? WRITE_BATCH.replaceFirst(" FROM ", ASYNCHRONOUS + " FROM ") : WRITE_BATCH;
        this.writeOne = pipelined ? WRITE_ONE.replaceFirst(" FROM ", ASYNCHRONOUS + " FROM ") : WRITE_ONE;
        this.committed = committed;
    }

    /** Writes the writes in one transaction; each one is committed or failed afterwards, unless this throws. */
    void write(Connection connection, List<PendingWrite> writes) throws SQLException {
        if (writes.size() == 1 && writes.get(0).isConditional()) {
            writeGuarded(connection, writes.get(0));
            return;
        }
        write(connection, writes, committed);
    }

    /** The next global position the sequence hands out; only meaningful under the exclusive store lock. */
    private static final String NEXT_GLOBAL_POSITION = "SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END"
            + " FROM message_store.messages_global_position_seq";

    /** A write with append conditions, in its own transaction: lock, check, write, commit. */
    private void writeGuarded(Connection connection, PendingWrite write) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            long next;
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT message_store.lock_store()");
                try (ResultSet rs = statement.executeQuery(NEXT_GLOBAL_POSITION)) {
                    rs.next();
                    next = rs.getLong(1);
                }
            }
            List<StreamWrite> streamWrites = write.writes();
            for (int i = 0; i < streamWrites.size(); i++) {
                AppendCondition condition = streamWrites.get(i).condition();
                if (condition == null) {
                    continue;
                }
                long found = lastMatchingAfter(connection, condition, streamWrites.subList(0, i), next);
                if (!condition.holdsAt(found)) {
                    connection.rollback();
                    write.fail(new AppendConditionFailedException(streamWrites.get(i).streamName(), condition, found));
                    return;
                }
            }
            List<List<WriteResult>> results = new ArrayList<>(1);
            write(connection, List.of(write), (w, r) -> results.add(r));
            connection.commit();
            if (!results.isEmpty()) {
                committed.accept(write, results.getFirst());
            }
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException again) {
                e.addSuppressed(again);
            }
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Of the earlier writes of the call (from {@code next} on), else of the store; {@link AppendCondition#NONE} for none. */
    private static long lastMatchingAfter(Connection connection, AppendCondition condition, List<StreamWrite> earlier,
                                          long next) throws SQLException {
        long pending = condition.lastMatchingIn(earlier, next);
        if (pending != AppendCondition.NONE) {
            return pending;
        }
        MatchingSql sql = MatchingSql.lastMatchingAfter(condition.query(), condition.after());
        try (PreparedStatement statement = connection.prepareStatement(sql.sql())) {
            for (int i = 0; i < sql.parameters().length; i++) {
                statement.setObject(i + 1, sql.parameters()[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void write(Connection connection, List<PendingWrite> writes,
                       BiConsumer<PendingWrite, List<WriteResult>> committed) throws SQLException {
        if (writes.size() == 1 && writes.get(0).messageCount() == 1) {
            writeOne(connection, writes.get(0), committed);
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
                    index = complete(write, outcomes, index, committed);
                }
            }
        }
    }

    /**
     * A write of one message. A wrong expected version comes back as message-db's error (SQLSTATE P0001,
     * 'Wrong expected version: ...'), thrown for the {@link BatchWriter} to read.
     */
    private void writeOne(Connection connection, PendingWrite write,
                          BiConsumer<PendingWrite, List<WriteResult>> committed) throws SQLException {
        StreamWrite streamWrite = write.writes().get(0);
        NewMessage message = streamWrite.messages().get(0);
        try (PreparedStatement statement = connection.prepareStatement(writeOne)) {
            statement.setString(1, message.id().toString());
            statement.setString(2, streamWrite.streamName().value());
            statement.setString(3, message.type());
            statement.setString(4, message.data());
            statement.setString(5, MetadataJson.write(message.metadata()));
            statement.setObject(6, streamWrite.expected().asNullableLong(), Types.BIGINT);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                long position = rs.getLong(1);
                committed.accept(write, List.of(new WriteResult(streamWrite.streamName(), position, position, rs.getLong(2))));
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
    private int complete(PendingWrite write, Outcomes outcomes, int index,
                         BiConsumer<PendingWrite, List<WriteResult>> committed) {
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
            committed.accept(write, results);
        }
        return index;
    }
}
