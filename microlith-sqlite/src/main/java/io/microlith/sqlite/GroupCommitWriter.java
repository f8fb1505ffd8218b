package io.microlith.sqlite;

import io.microlith.message.NewMessage;
import io.microlith.store.DuplicateMessageIdException;
import io.microlith.store.ExpectedVersionException;
import io.microlith.store.MessageStoreException;
import io.microlith.store.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * The only thread that writes to the file. Callers queue {@link WriteRequest}s and wait; the writer takes
 * everything queued and writes it in ONE transaction (group commit), so one commit (one fsync in strict
 * mode) serves many callers and throughput grows with concurrency.
 *
 * <p>Each request still gets its own outcome. Expected versions are checked in memory against the
 * transaction's state before anything of the request is inserted, so a conflict simply leaves the request
 * out. A message id already in the file is found by the unique index during the insert: the transaction
 * is rolled back, that request fails with {@link DuplicateMessageIdException}, and the batch is replayed
 * without it. Replaying is deterministic (same requests, same order, same state), so the requests before
 * the failing one get the same outcome again; duplicates are rare, so the common path carries no
 * savepoint cost.
 *
 * <p>Global positions are assigned here, in commit order, one transaction at a time: every commit holds
 * positions above every earlier commit, so a reader's snapshot is always a gap-free prefix and a reader
 * following by global position cannot skip (see docs/decisions/0010-sqlite-single-writer-group-commit.md).
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    /** Bounds one transaction, so that one huge backlog does not become one huge commit. */
    private static final int MAX_REQUESTS_PER_COMMIT = 1024;

    /** The longest the writer waits for more requests before a strict commit, see {@link #gather}. */
    private static final long MAX_GATHER_NANOS = 2_000_000;

    private static final String INSERT = "INSERT INTO messages (global_position, position, time, stream_name,"
            + " category, cardinal_hash, type, data, metadata, correlation, id) VALUES (?,?,?,?,?,?,?,?,?,?,?)";

    private final WriteRequest stop = WriteRequest.stop();
    private final BlockingQueue<WriteRequest> queue = new LinkedBlockingQueue<>();
    private final Connection connection;
    private final Statement statement;
    private final PreparedStatement begin;
    private final PreparedStatement commit;
    private final PreparedStatement rollback;
    private final PreparedStatement insert;
    private final PreparedStatement selectVersion;
    private final PreparedStatement selectId;
    private final StreamVersions versions;
    private final Consumer<Map<String, Long>> onCommit;
    private final CommittedMessages committedMessages;
    private final Checkpointer checkpointer;
    private final String description;
    private final boolean gather;
    private final Thread thread;
    private volatile boolean closed;
    private volatile long head;

    // The state of the transaction being built; touched by the writer thread only.
    private final Map<String, Long> transactionVersions = new HashMap<>();
    private final Set<UUID> transactionIds = new HashSet<>();

    /**
     * @param gather whether to wait a little for callers of the previous commit to queue again before
     *               committing (worth it when a commit costs an fsync, see {@link #gather})
     */
    GroupCommitWriter(Connection connection, Checkpointer checkpointer, int streamCacheSize, boolean gather,
                      Consumer<Map<String, Long>> onCommit, CommittedMessages committedMessages, String description)
            throws SQLException {
        this.connection = connection;
        this.statement = connection.createStatement();
        // Prepared once: a plain Statement.execute would compile these again at every commit.
        this.begin = connection.prepareStatement("BEGIN IMMEDIATE");
        this.commit = connection.prepareStatement("COMMIT");
        this.rollback = connection.prepareStatement("ROLLBACK");
        this.insert = connection.prepareStatement(INSERT);
        this.selectVersion = connection.prepareStatement("SELECT max(position) FROM messages WHERE stream_name = ?");
        this.selectId = connection.prepareStatement("SELECT 1 FROM messages WHERE id = ?");
        this.versions = new StreamVersions(streamCacheSize);
        this.onCommit = onCommit;
        this.committedMessages = committedMessages;
        this.checkpointer = checkpointer;
        this.gather = gather;
        this.description = description;
        this.head = readHead();
        this.thread = Thread.ofPlatform().name("microlith-writer").daemon(true).unstarted(this::run);
        thread.start();
    }

    /** The highest committed global position, 0 when the file has no messages. */
    long head() {
        return head;
    }

    /** Requests waiting for the writer (for tests that build a group commit deterministically). */
    int queued() {
        return queue.size();
    }

    /** Queues the request and waits for its own outcome. */
    List<WriteResult> submit(WriteRequest request) {
        if (closed) {
            throw closedException();
        }
        if (Thread.currentThread() == thread) {
            // A listener writing would wait for the writer, which waits for the listener: refuse, do not hang.
            throw new IllegalStateException("A commit listener of " + description
                    + " tried to write; listeners run on the writer thread and must not call the store");
        }
        queue.add(request);
        // close() may have run between the check and the add; whoever removes the request answers it.
        if (closed && queue.remove(request)) {
            throw closedException();
        }
        return request.await();
    }

    private void run() {
        List<WriteRequest> batch = new ArrayList<>();
        boolean stopping = false;
        int previousSize = 0;
        long previousNanos = 0;
        while (!stopping) {
            batch.add(take());
            queue.drainTo(batch, MAX_REQUESTS_PER_COMMIT - 1);
            if (gather && batch.size() < previousSize) {
                gather(batch, previousSize, Math.min(previousNanos / 2, MAX_GATHER_NANOS));
            }
            previousSize = batch.size();
            int stopAt = indexOfStop(batch);
            if (stopAt >= 0) {
                stopping = true;
                // What was queued after close() began is refused, not written.
                for (WriteRequest late : batch.subList(stopAt + 1, batch.size())) {
                    late.fail(closedException());
                }
                batch.subList(stopAt, batch.size()).clear();
            }
            if (!batch.isEmpty()) {
                long start = System.nanoTime();
                try {
                    commit(batch);
                } catch (Throwable e) {
                    // An Error (out of memory, a native failure) must not kill the only writer and leave
                    // every caller waiting forever: answer this batch, start clean, go on.
                    rollbackQuietly();
                    failAll(batch, e);
                    resynchronise();
                }
                previousNanos = System.nanoTime() - start;
            }
            batch.clear();
        }
        for (WriteRequest late; (late = queue.poll()) != null; ) {
            late.fail(closedException());
        }
    }

    /**
     * Waits until {@code target} requests are queued (the size of the previous commit) or {@code maxNanos}
     * passed. When each commit costs an fsync, the callers answered by the previous commit queue again a few
     * microseconds apart; committing at the first arrival would pay a whole fsync for one or two of them.
     * Yields rather than parks: the waits are far below the timer granularity of a park, and the callers
     * need the CPU to queue. The target follows the load: when fewer callers come back, the next target is
     * smaller.
     */
    private void gather(List<WriteRequest> batch, int target, long maxNanos) {
        long deadline = System.nanoTime() + maxNanos;
        while (batch.size() < target && System.nanoTime() < deadline) {
            if (queue.drainTo(batch, MAX_REQUESTS_PER_COMMIT - batch.size()) == 0) {
                Thread.yield();
            }
        }
    }

    private WriteRequest take() {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                // Only close() stops the writer, through the stop marker; an interrupt alone must not drop writes.
                LOG.debug("Ignoring an interrupt of the SQLite writer; close the store to stop it");
            }
        }
    }

    private int indexOfStop(List<WriteRequest> batch) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i) == stop) {
                return i;
            }
        }
        return -1;
    }

    /** Writes the batch in one transaction, replaying it without each request that hits a stored id. */
    private void commit(List<WriteRequest> batch) {
        long micros = micros(Instant.now());
        while (true) {
            transactionVersions.clear();
            transactionIds.clear();
            long next = head + 1;
            WriteRequest duplicate = null;
            try {
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
                }
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                failAll(batch, e);
                resynchronise();
                return;
            }
            if (duplicate != null) {
                rollbackQuietly();
                duplicate.fail(duplicateOf(duplicate));
                continue;
            }
            checkpointer.committed((int) (next - 1 - head));
            head = next - 1;
            versions.putAll(transactionVersions);
            publish(batch, micros);
            return;
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
            long version = seen != null ? seen : versionOf(write.stream);
            if (!write.expected.matches(version)) {
                request.failure = new ExpectedVersionException(write.streamName, write.expected, version);
                return next;
            }
            firstPositions[i] = version + 1;
            if (requestVersions != null) {
                requestVersions.put(write.stream, version + write.size());
            }
        }
        UUID repeated = repeatedId(request);
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
                insert(write, m, position++, globalPosition++, micros);
            }
            results.add(new WriteResult(write.streamName, firstPositions[i], position - 1, globalPosition - 1));
            transactionVersions.put(write.stream, position - 1);
        }
        for (PreparedWrite write : writes) {
            for (NewMessage message : write.messages) {
                transactionIds.add(message.id());
            }
        }
        request.results = results;
        return globalPosition;
    }

    /** An id repeated inside the request or already written by an earlier request of this transaction. */
    private UUID repeatedId(WriteRequest request) {
        if (request.messageCount == 1) {
            UUID id = request.writes[0].messages.get(0).id();
            return transactionIds.contains(id) ? id : null;
        }
        Set<UUID> seen = new HashSet<>();
        for (PreparedWrite write : request.writes) {
            for (NewMessage message : write.messages) {
                if (transactionIds.contains(message.id()) || !seen.add(message.id())) {
                    return message.id();
                }
            }
        }
        return null;
    }

    private void insert(PreparedWrite write, int index, long position, long globalPosition, long micros)
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
        try {
            insert.executeUpdate();
        } catch (SQLException e) {
            if (isStoredIdViolation(e)) {
                throw new StoredIdException();
            }
            throw e;
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

    private long versionOf(String stream) throws SQLException {
        Long version = transactionVersions.get(stream);
        if (version == null) {
            version = versions.get(stream);
        }
        if (version == null) {
            selectVersion.setString(1, stream);
            try (ResultSet rs = selectVersion.executeQuery()) {
                long max = rs.next() ? rs.getLong(1) : -1;
                version = rs.wasNull() ? -1 : max;
            }
            // Safe to cache: streams this transaction wrote are answered from transactionVersions above,
            // so what the file says here is committed state.
            versions.put(stream, version);
        }
        return version;
    }

    /** After a rollback: which of the request's ids the file already holds. */
    private RuntimeException duplicateOf(WriteRequest request) {
        try {
            for (PreparedWrite write : request.writes) {
                for (int i = 0; i < write.size(); i++) {
                    selectId.setBytes(1, write.ids[i]);
                    try (ResultSet rs = selectId.executeQuery()) {
                        if (rs.next()) {
                            return new DuplicateMessageIdException(write.messages.get(i).id());
                        }
                    }
                }
            }
            return new MessageStoreException("The unique index on message ids refused a write to " + description
                    + " but none of its ids is stored; nothing of it was written");
        } catch (SQLException e) {
            return new MessageStoreException("Could not tell which message id of a refused write is stored", e);
        }
    }

    /**
     * Hands the commit's messages to their listeners, notifies the commit listeners, then answers the
     * callers: when a {@code write} returns, the listeners have already been told about its commit.
     */
    private void publish(List<WriteRequest> batch, long micros) {
        committedMessages.committed(batch, micros);
        Map<String, Long> categories = new LinkedHashMap<>();
        for (WriteRequest request : batch) {
            if (!request.isDone() && request.failure == null) {
                for (int i = 0; i < request.writes.length; i++) {
                    categories.merge(request.writes[i].category, request.results.get(i).lastGlobalPosition(), Math::max);
                }
            }
        }
        if (!categories.isEmpty()) {
            onCommit.accept(categories);
        }
        for (WriteRequest request : batch) {
            if (!request.isDone()) {
                request.publish();
            }
        }
    }

    private void failAll(List<WriteRequest> batch, Throwable cause) {
        LOG.warn("A group commit to {} failed; its {} writes are answered with an error", description, batch.size(), cause);
        for (WriteRequest request : batch) {
            request.fail(new MessageStoreException("Writing to " + description + " failed (" + cause.getMessage()
                    + "); retry with the same message ids: a stored id is refused, never stored twice", cause));
        }
    }

    private void rollbackQuietly() {
        try {
            rollback.executeUpdate();
        } catch (SQLException e) {
            // SQLite rolls back by itself after some errors (disk full, I/O); then there is nothing to undo.
            if (e.getMessage() == null || !e.getMessage().contains("no transaction is active")) {
                LOG.warn("Rollback on {} failed", description, e);
            }
        }
    }

    /** After an unexpected failure, forget cached state and read it again from the file. */
    private void resynchronise() {
        versions.clear();
        try {
            head = readHead();
        } catch (SQLException e) {
            LOG.error("Cannot read the head global position of {} after a failed commit", description, e);
        }
    }

    private long readHead() throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT coalesce(max(global_position), 0) FROM messages")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    private MessageStoreException closedException() {
        return new MessageStoreException("The SQLite message store " + description + " is closed; nothing was written");
    }

    /**
     * Stops taking writes: what was queued before completes (written or failed with its own error), what
     * arrives after is refused. Waits for the writer thread to finish; the connection stays open for the caller
     * to close.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(stop);
        Threads.joinUninterruptibly(thread);
        try {
            statement.close();
            begin.close();
            commit.close();
            rollback.close();
            insert.close();
            selectVersion.close();
            selectId.close();
        } catch (SQLException e) {
            LOG.debug("Closing statements of {} failed", description, e);
        }
    }

    /** Thrown inside {@link #apply} when the unique index refuses an id that the file already holds. */
    private static final class StoredIdException extends Exception {
        StoredIdException() {
            super(null, null, false, false);
        }
    }
}
