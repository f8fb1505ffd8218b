package io.microlith.sqlite;

import io.microlith.internal.runtime.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Copies the WAL back into the database file on its own thread and connection, so that the writer never
 * waits for a checkpoint. SQLite's automatic checkpoint runs inside the committing connection and, with
 * {@code synchronous=NORMAL}, is the only place that calls {@code fsync}: left there, every thousandth page
 * the writer stalls for two fsyncs. Here the writer only signals; checkpoints are PASSIVE (they never
 * block the writer or readers) and run when enough was written or a second has passed.
 *
 * <p>The WAL restarts from its beginning only when a checkpoint has copied every frame and the writer
 * starts its next transaction; under a constant load each checkpoint has less left to copy, so they catch
 * up. As a backstop, the writer's own automatic checkpoint is left on at a large size.
 */
final class Checkpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    /** Messages committed since the last checkpoint that make the next one start at once. */
    static final long MESSAGES_PER_CHECKPOINT = 2_000;

    private final Connection connection;
    private final Statement statement;
    private final String description;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signalled = lock.newCondition();
    private final Thread thread;
    private long pending;
    private boolean closed;

    Checkpointer(Connection connection, String description) throws SQLException {
        this.connection = connection;
        this.statement = connection.createStatement();
        this.description = description;
        this.thread = Thread.ofPlatform().name("microlith-checkpointer").daemon(true).unstarted(this::run);
        thread.start();
    }

    /** Called by the writer after each commit; cheap, never blocks on I/O. */
    void committed(int messages) {
        lock.lock();
        try {
            pending += messages;
            if (pending >= MESSAGES_PER_CHECKPOINT) {
                signalled.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            lock.lock();
            try {
                if (!closed && pending < MESSAGES_PER_CHECKPOINT) {
                    signalled.await(1, TimeUnit.SECONDS);
                }
                if (closed) {
                    return;
                }
                if (pending == 0) {
                    continue;
                }
                pending = 0;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            checkpoint();
        }
    }

    private void checkpoint() {
        try (ResultSet rs = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            if (LOG.isTraceEnabled() && rs.next()) {
                LOG.trace("Checkpoint of {}: WAL {} frames, {} copied", description, rs.getInt(2), rs.getInt(3));
            }
        } catch (SQLException e) {
            LOG.warn("A background checkpoint of {} failed; the next one retries", description, e);
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            signalled.signal();
        } finally {
            lock.unlock();
        }
        Threads.joinUninterruptibly(List.of(thread));
        try {
            statement.close();
            connection.close();
        } catch (SQLException e) {
            LOG.debug("Closing the checkpoint connection of {} failed", description, e);
        }
    }
}
