package io.microlith.postgres.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reports pipelined writes done once they are durable: it runs one flush barrier (a synchronous commit
 * issued after theirs, see {@link #BARRIER}) for every write committed meanwhile, on a
 * thread of its own, so that the next transaction need not wait for this one's flush. When a barrier fails
 * nobody knows whether those commits survived (the server may have crashed before flushing them): the
 * writes are handed back to the {@link BatchWriter}, which looks their ids up after a barrier and writes
 * again what is not there.
 */
final class Flusher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Flusher.class);
    /** A synchronous commit of a transaction with an id: it returns once the WAL up to it, ours included, is flushed. */
    static final String BARRIER = "SELECT pg_current_xact_id()";
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();
    private final List<PendingWrite> waiting = new ArrayList<>();
    private final DataSource dataSource;
    private final BatchWriter writer;
    private final Thread thread;
    private boolean closed;

    Flusher(DataSource dataSource, BatchWriter writer) {
        this.dataSource = dataSource;
        this.writer = writer;
        this.thread = Thread.ofPlatform().daemon().name("microlith-postgres-flusher").start(this::run);
    }

    void add(PendingWrite write) {
        lock.lock();
        try {
            waiting.add(write);
            added.signal();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            List<PendingWrite> batch;
            lock.lock();
            try {
                while (waiting.isEmpty() && !closed) {
                    added.awaitUninterruptibly();
                }
                if (waiting.isEmpty()) {
                    return;
                }
                batch = new ArrayList<>(waiting);
                waiting.clear();
            } finally {
                lock.unlock();
            }
            try (Connection connection = dataSource.getConnection(); Statement barrier = connection.createStatement()) {
                barrier.execute(BARRIER);
                batch.forEach(PendingWrite::flushed);
            } catch (SQLException | RuntimeException e) {
                LOG.warn("A flush barrier failed ({}); looking up whether {} write(s) survived", e.getMessage(), batch.size());
                batch.forEach(PendingWrite::flushFailed);
                for (PendingWrite write : batch) {
                    writer.execute(List.of(write));
                }
            }
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            added.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
