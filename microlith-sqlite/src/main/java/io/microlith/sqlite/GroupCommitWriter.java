package io.microlith.sqlite;

import io.microlith.internal.runtime.Threads;
import io.microlith.store.MessageStoreException;
import io.microlith.store.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Writes to the file, one transaction at a time, under one lock. Callers queue {@link WriteRequest}s and wait;
 * the writer thread takes everything queued and writes it in ONE transaction (group commit, see
 * {@link GroupCommit}), so one commit (one fsync in strict mode) serves many callers and throughput grows with
 * concurrency. Each request still gets its own outcome.
 *
 * <p>A caller that finds nothing queued and the lock free, after {@link #QUIET_COMMITS} commits in a row that each
 * held a single request, commits its own write on its own thread instead (decision 0101): a lone writer then pays no
 * hand-off to the writer thread and back, which cost about as much as the commit itself. As soon as the writer
 * thread commits a batch of several (writers arriving together), callers queue again, so that their writes keep
 * sharing commits. Whoever holds the lock is the only one touching the connection and the
 * transaction's caches; the lock orders their commits as the single thread did. Not in strict mode, where the
 * writer thread gathers callers so that one fsync serves them all.
 *
 * <p>Global positions are assigned here, in commit order, one transaction at a time: every commit holds
 * positions above every earlier commit, so a reader's snapshot is always a gap-free prefix and a reader
 * following by global position cannot skip (see docs/decisions/0010-sqlite-single-writer-group-commit.md).
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    /** Bounds one transaction, so that one huge backlog does not become one huge commit. */
    private static final int MAX_REQUESTS_PER_COMMIT = 1024;

    /** Single-request commits in a row after which a lone caller commits on its own thread (decision 0101). */
    static final int QUIET_COMMITS = 32;

    /** The longest the writer waits for more requests before a strict commit, see {@link #gather}. */
    private static final long MAX_GATHER_NANOS = 2_000_000;

    private final WriteRequest stop = WriteRequest.stop();
    private final BlockingQueue<WriteRequest> queue = new LinkedBlockingQueue<>();
    private final GroupCommit transaction;
    private final Consumer<Map<String, Long>> onCommit;
    private final CommittedMessages committedMessages;
    private final Checkpointer checkpointer;
    private final String description;
    private final boolean gather;
    private final Thread thread;
    /** Held by whoever commits: the writer thread for a queued batch, a caller for its own write (decision 0101). */
    private final ReentrantLock writing = new ReentrantLock();
    /** Set while the writer thread holds a batch it has taken: callers queue behind it instead of overtaking. */
    private volatile boolean batchTaken;
    /** Set while the writer thread holds a request it took from the queue and waits for the lock: still waiting. */
    private volatile boolean takenAwaitingLock;
    /**
     * Commits in a row that held a single request, written under the lock. A commit of several means writers are
     * arriving together and batching pays: callers then queue even when the lock is free (or commits of one would
     * each pay the commit's fixed cost) until {@link #QUIET_COMMITS} single commits in a row show they no longer do.
     */
    private volatile int singleCommitsInARow;
    private volatile boolean closed;
    private volatile long head;

    /**
     * @param gather whether to wait a little for callers of the previous commit to queue again before
     *               committing (worth it when a commit costs an fsync, see {@link #gather})
     */
    GroupCommitWriter(Connection connection, Checkpointer checkpointer, int streamCacheSize, boolean gather,
                      Consumer<Map<String, Long>> onCommit, CommittedMessages committedMessages, String description)
            throws SQLException {
        this.transaction = new GroupCommit(connection, streamCacheSize, description);
        this.onCommit = onCommit;
        this.committedMessages = committedMessages;
        this.checkpointer = checkpointer;
        this.gather = gather;
        this.description = description;
        this.head = transaction.readHead();
        this.thread = Thread.ofPlatform().name("microlith-writer").daemon(true).unstarted(this::run);
        thread.start();
    }

    /** The highest committed global position, 0 when the file has no messages. */
    long head() {
        return head;
    }

    /**
     * Requests waiting to be committed: those queued, plus the one the writer thread took while it waits for the lock
     * (for tests that build a group commit deterministically). A batch being committed is not counted. May briefly
     * count one too few, while the writer thread takes a request, never one too many.
     */
    int queued() {
        return queue.size() + (takenAwaitingLock ? 1 : 0);
    }

    /** Queues the request (a write or an import) and waits for its own outcome. */
    List<WriteResult> submit(WriteRequest request) {
        if (closed) {
            throw closedException();
        }
        if (Thread.currentThread() == thread || writing.isHeldByCurrentThread()) {
            // A listener writing would wait for the writer, which waits for the listener: refuse, do not hang.
            throw new IllegalStateException("A commit listener of " + description
                    + " tried to write; listeners run on the committing thread and must not call the store");
        }
        if (commitsOnCallersThread(request)) {
            return request.await();
        }
        queue.add(request);
        // close() may have run between the check and the add; whoever removes the request answers it.
        if (closed && queue.remove(request)) {
            throw closedException();
        }
        return request.await();
    }

    /**
     * Commits the request on the caller's thread when writers have been coming one at a time ({@link #QUIET_COMMITS}),
     * nothing is queued and no commit is running; returns whether it did (then the request has its outcome). Requests
     * queued or taken by the writer thread came first: they keep their turn, so that callers committing one after
     * another cannot keep a batch waiting.
     */
    private boolean commitsOnCallersThread(WriteRequest request) {
        if (gather || request.imported != null || singleCommitsInARow < QUIET_COMMITS || batchTaken
                || !queue.isEmpty() || !writing.tryLock()) {
            return false;
        }
        try {
            if (closed) {
                request.fail(closedException());
            } else {
                safely(List.of(request), () -> commit(List.of(request)));
            }
        } finally {
            writing.unlock();
        }
        answer(List.of(request));
        return true;
    }

    private void run() {
        List<WriteRequest> batch = new ArrayList<>();
        boolean stopping = false;
        int previousSize = 0;
        long previousNanos = 0;
        while (!stopping) {
            batch.add(take());
            batchTaken = true;
            takenAwaitingLock = true;
            List<WriteRequest> imports = List.of();
            // Drained once the lock is ours: what queued while a caller committed its own write joins this batch.
            writing.lock();
            takenAwaitingLock = false;
            try {
                queue.drainTo(batch, MAX_REQUESTS_PER_COMMIT - 1);
                if (gather && batch.size() < previousSize) {
                    gather(batch, previousSize, Math.min(previousNanos / 2, MAX_GATHER_NANOS));
                }
                previousSize = batch.size();
                singleCommitsInARow = batch.size() > 1 ? 0 : Math.min(singleCommitsInARow + 1, QUIET_COMMITS);
                int stopAt = indexOfStop(batch);
                if (stopAt >= 0) {
                    stopping = true;
                    // What was queued after close() began is refused, not written.
                    for (WriteRequest late : batch.subList(stopAt + 1, batch.size())) {
                        late.fail(closedException());
                    }
                    batch.subList(stopAt, batch.size()).clear();
                }
                imports = takeImports(batch);
                if (!batch.isEmpty()) {
                    long start = System.nanoTime();
                    safely(batch, () -> commit(batch));
                    previousNanos = System.nanoTime() - start;
                }
                for (WriteRequest request : imports) {
                    safely(List.of(request), () -> importAlone(request));
                }
            } finally {
                batchTaken = false;
                writing.unlock();
            }
            answer(batch);
            answer(imports);
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

    /**
     * Runs a commit. A failure that is no single request's own (an SQLite error, or an Error such as out of memory)
     * must not kill the only writer and leave every caller waiting forever: answer these requests, start clean, go on.
     */
    private void safely(List<WriteRequest> requests, SqlWork work) {
        try {
            work.run();
        } catch (Throwable e) {
            transaction.rollbackQuietly();
            failAll(requests, e);
            resynchronise();
        }
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    /** Removes the imports from the batch: each is committed alone, after the batch's writes. */
    private static List<WriteRequest> takeImports(List<WriteRequest> batch) {
        List<WriteRequest> imports = null;
        for (WriteRequest request : batch) {
            if (request.imported != null) {
                imports = imports == null ? new ArrayList<>() : imports;
                imports.add(request);
            }
        }
        if (imports == null) {
            return List.of();
        }
        batch.removeIf(request -> request.imported != null);
        return imports;
    }

    /** Imports messages with their own positions in one transaction (see {@link GroupCommit#importAlone}). */
    private void importAlone(WriteRequest request) throws SQLException {
        long committed = transaction.importAlone(request, head);
        if (request.failure == null) {
            checkpointer.committed(request.messageCount);
            head = committed;
            committedMessages.imported(request.imported);
            Map<String, Long> categories = new LinkedHashMap<>();
            for (var message : request.imported) {
                categories.merge(message.category(), message.globalPosition(), Math::max);
            }
            onCommit.accept(categories);
        }
    }

    /** Writes the batch in one transaction (see {@link GroupCommit}), then tells the listeners; see {@link #answer}. */
    private void commit(List<WriteRequest> batch) throws SQLException {
        long micros = micros(Instant.now());
        long committed = transaction.write(batch, head, micros);
        checkpointer.committed((int) (committed - head));
        head = committed;
        announce(batch, micros);
    }

    /**
     * Hands the commit's messages to their listeners, then notifies the commit listeners, under the lock; the callers
     * are answered afterwards ({@link #answer}), so when a {@code write} returns the listeners have been told.
     */
    private void announce(List<WriteRequest> batch, long micros) {
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
    }

    /**
     * Answers the callers of a committed batch, after the lock is released: a caller that writes again at once then
     * finds the lock free. The listeners were told before (under the lock), so when a {@code write} returns its
     * commit has been announced.
     */
    private static void answer(List<WriteRequest> requests) {
        for (WriteRequest request : requests) {
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

    /** After an unexpected failure, forget cached state and read it again from the file. */
    private void resynchronise() {
        transaction.forgetCachedState();
        try {
            head = transaction.readHead();
        } catch (SQLException e) {
            LOG.error("Cannot read the head global position of {} after a failed commit", description, e);
        }
    }

    private static long micros(Instant instant) {
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
        Threads.joinUninterruptibly(List.of(thread));
        // A caller may still be committing its own write: it finishes before the statements close.
        writing.lock();
        try {
            transaction.close();
        } catch (SQLException e) {
            LOG.debug("Closing statements of {} failed", description, e);
        } finally {
            writing.unlock();
        }
    }
}
