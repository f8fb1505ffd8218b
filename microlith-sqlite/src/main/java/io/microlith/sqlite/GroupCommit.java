package io.microlith.sqlite;

import io.microlith.sqlite.MessageInsert.StoredIdException;
import io.microlith.store.AppendCondition;
import io.microlith.store.AppendConditionFailedException;
import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.store.DuplicateMessageIdException;
import io.microlith.store.ImportConflictException;
import io.microlith.store.ExpectedVersionException;
import io.microlith.store.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes a batch of queued requests in ONE transaction, giving each request its own outcome
 * (decision 0010). Expected versions are checked in memory against the transaction's state before anything
 * of a request is inserted, so a conflict simply leaves the request out. Append conditions are checked the same
 * way, by a query on the transaction itself: it sees the messages of the requests accepted before in this batch
 * (one caller's messages can fail a later caller's condition in the same commit) and never those of a request
 * left out (decision 0081). A message id already in the file
 * is found by the unique index during the insert: the transaction is rolled back, that request fails with
 * {@link DuplicateMessageIdException}, and the batch is replayed without it. Replaying is deterministic
 * (same requests, same order, same state), so the requests before the failing one get the same outcome
 * again; duplicates are rare, so the common path carries no savepoint cost. Only under the writer's lock
 * ({@link GroupCommitWriter}).
 */
final class GroupCommit implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private final Statement statement;
    private final PreparedStatement begin;
    private final PreparedStatement commit;
    private final PreparedStatement rollback;
    private final MessageInsert insert;
    private final StreamVersionLookup versions;
    private final MessageIdLookup ids;
    private final Connection connection;
    private final String description;

    GroupCommit(Connection connection, int streamCacheSize, String description) throws SQLException {
        this.statement = connection.createStatement();
        // Prepared once: a plain Statement.execute would compile these again at every commit.
        this.begin = connection.prepareStatement("BEGIN IMMEDIATE");
        this.commit = connection.prepareStatement("COMMIT");
        this.rollback = connection.prepareStatement("ROLLBACK");
        this.insert = new MessageInsert(connection);
        this.versions = new StreamVersionLookup(connection, streamCacheSize);
        this.ids = new MessageIdLookup(connection, description);
        this.connection = connection;
        this.description = description;
    }

    /** The highest committed global position in the file, 0 when it has no messages. */
    long readHead() throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT coalesce(max(global_position), 0) FROM messages")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * Writes the batch in one transaction, replaying it without each request that hits a stored id. Each
     * request not yet done ends with its results or its own failure recorded (not yet published).
     *
     * @param head the highest committed global position; the batch's messages get the next ones
     * @return the new head: the highest global position committed, {@code head} when nothing was written
     * @throws SQLException a failure that is no request's own: the caller rolls back and fails the batch
     */
    long write(List<WriteRequest> batch, long head, long micros) throws SQLException {
        while (true) {
            versions.begin();
            ids.begin();
            long next = head + 1;
            WriteRequest duplicate = null;
            begin.executeUpdate();
            for (WriteRequest request : batch) {
                if (request.isDone()) {
                    continue;
                }
                try {
                    next = apply(request, next, micros);
                } catch (StoredIdException e) {
                    duplicate = request;
                    break;
                }
            }
            if (duplicate == null) {
                commit.executeUpdate();
                versions.committed();
                return next - 1;
            }
            rollbackQuietly();
            duplicate.fail(ids.storedIdOf(duplicate));
        }
    }

    /**
     * Adds one request to the open transaction, or records why it cannot be. Returns the next free
     * global position.
     */
    private long apply(WriteRequest request, long next, long micros) throws SQLException, StoredIdException {
        request.resetAttempt();
        PreparedWrite[] writes = request.writes;
        long[] firstPositions = new long[writes.length];
        Map<String, Long> requestVersions = writes.length == 1 ? null : new HashMap<>();
        for (int i = 0; i < writes.length; i++) {
            PreparedWrite write = writes[i];
            Long seen = requestVersions == null ? null : requestVersions.get(write.stream);
            long version = seen != null ? seen : versions.versionOf(write.stream);
            if (!write.expected.matches(version)) {
                request.failure = new ExpectedVersionException(write.streamName, write.expected, version);
                return next;
            }
            if (write.condition != null) {
                long found = lastMatchingAfter(write.condition, writes, i, next);
                if (!write.condition.holdsAt(found)) {
                    request.failure = new AppendConditionFailedException(write.streamName, write.condition, found);
                    return next;
                }
            }
            firstPositions[i] = version + 1;
            if (requestVersions != null) {
                requestVersions.put(write.stream, version + write.size());
            }
        }
        UUID repeated = ids.writtenEarlier(request);
        if (repeated != null) {
            request.failure = new DuplicateMessageIdException(repeated);
            return next;
        }
        List<WriteResult> results = new ArrayList<>(writes.length);
        long globalPosition = next;
        for (int i = 0; i < writes.length; i++) {
            PreparedWrite write = writes[i];
            long position = firstPositions[i];
            for (int m = 0; m < write.size(); m++) {
                insert.insert(write, m, position++, globalPosition++, micros);
            }
            results.add(new WriteResult(write.streamName, firstPositions[i], position - 1, globalPosition - 1));
            versions.wrote(write.stream, position - 1);
        }
        ids.wrote(request);
        request.results = results;
        return globalPosition;
    }

    /**
     * The last global position matching {@code condition} after its position: among the request's writes before
     * {@code index} (not inserted yet; they would take positions from {@code next}), else in the transaction.
     */
    private long lastMatchingAfter(AppendCondition condition, PreparedWrite[] writes, int index, long next)
            throws SQLException {
        long pending = condition.lastMatchingIn(Stream.of(writes).limit(index).map(w -> w.write).toList(), next);
        if (pending != AppendCondition.NONE) {
            return pending;
        }
        try (PreparedStatement query = QuerySql.lastMatchingAfter(condition.query(), condition.after()).prepare(connection);
             ResultSet rs = query.executeQuery()) {
            return rs.next() ? rs.getLong(1) : AppendCondition.NONE;
        }
    }

    /**
     * Imports the request's messages with their own positions, alone in one transaction: checks that they start above
     * {@code head} and continue each stream, then inserts them. Records the outcome in the request (per stream: its
     * first and last imported position and last global position), or its own failure
     * ({@link ImportConflictException}, {@link DuplicateMessageIdException}), with nothing written.
     *
     * @return the new head, {@code head} when nothing was written
     * @throws SQLException a failure that is not the import's own: the caller rolls back and fails it
     */
    long importAlone(WriteRequest request, long head) throws SQLException {
        request.resetAttempt();
        List<Message> messages = request.imported;
        if (messages.getFirst().globalPosition() <= head) {
            request.failure = ImportConflictException.headAt(head, messages.getFirst().globalPosition());
            return head;
        }
        versions.begin();
        Map<StreamName, long[]> streams = new LinkedHashMap<>();
        for (Message message : messages) {
            long[] span = streams.get(message.streamName());
            if (span == null) {
                long version = versions.versionOf(message.streamName().value());
                if (version != message.position() - 1) {
                    request.failure = ImportConflictException.streamAt(message.streamName(), version, message.position());
                    return head;
                }
                streams.put(message.streamName(), new long[]{message.position(), message.position(), message.globalPosition()});
            } else {
                span[1] = message.position();
                span[2] = message.globalPosition();
            }
        }
        begin.executeUpdate();
        for (Message message : messages) {
            try {
                insert.insert(message);
            } catch (StoredIdException e) {
                rollbackQuietly();
                request.failure = new DuplicateMessageIdException(message.id());
                return head;
            }
        }
        commit.executeUpdate();
        List<WriteResult> results = new ArrayList<>(streams.size());
        streams.forEach((stream, span) -> {
            versions.wrote(stream.value(), span[1]);
            results.add(new WriteResult(stream, span[0], span[1], span[2]));
        });
        versions.committed();
        request.results = results;
        return messages.getLast().globalPosition();
    }

    void rollbackQuietly() {
        try {
            rollback.executeUpdate();
        } catch (SQLException e) {
            // SQLite rolls back by itself after some errors (disk full, I/O); then there is nothing to undo.
            if (e.getMessage() == null || !e.getMessage().contains("no transaction is active")) {
                LOG.warn("Rollback on {} failed", description, e);
            }
        }
    }

    /** After an unexpected failure: forget cached state, so that it is read again from the file. */
    void forgetCachedState() {
        versions.forget();
    }

    @Override
    public void close() throws SQLException {
        statement.close();
        begin.close();
        commit.close();
        rollback.close();
        insert.close();
        versions.close();
        ids.close();
    }
}
