package io.microlith.postgres.internal;

import io.microlith.store.DuplicateMessageIdException;
import io.microlith.store.ExpectedVersionException;
import io.microlith.store.MessageStoreException;
import io.microlith.store.StreamWrite;
import io.microlith.store.WriteResult;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Executes batches of writes, each as one transaction ({@link WriteStatements}: one statement, one round
 * trip). Completes every write of the batch and never throws.
 *
 * <p>Failures: a lost connection is retried on a fresh one (see {@link Retry}); since the lost attempt may
 * have committed, the retry first looks the writes' message ids up ({@link StoredCopies}) and counts a write
 * whose messages are all stored, exactly as sent, as done (idempotent by message id). A duplicate id or other
 * error in a batch of several callers' writes is retried write by write, so that only the write at fault fails.
 *
 * <p>With pipelined commits, a write's transaction commits without waiting for its WAL flush and the write
 * is reported done by the {@link Flusher} once a flush barrier has passed.
 */
public final class BatchWriter {
    private final DataSource dataSource;
    private final Retry retry;
    private final Flusher flusher;
    private final WriteStatements statements;
    private final StoredCopies storedCopies;

    /**
     * @param pipelined commit without waiting for the flush and report writes done after a flush barrier
     *                  (see {@code CommitMode.PIPELINED}); otherwise commit synchronously
     */
    public BatchWriter(DataSource dataSource, Retry retry, boolean pipelined) {
        this.dataSource = dataSource;
        this.retry = retry;
        this.flusher = pipelined ? new Flusher(dataSource, this) : null;
        this.statements = new WriteStatements(pipelined, this::committed);
        this.storedCopies = new StoredCopies(pipelined);
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
                storedCopies.settle(connection, open);
                open = open.stream().filter(w -> !w.isDone()).toList();
                if (!open.isEmpty()) {
                    statements.write(connection, open);
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
                storedCopies.settle(connection, List.of(write));
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

    private static String streamsOf(PendingWrite write) {
        return write.writes().stream().map(w -> w.streamName().value()).toList().toString();
    }
}
