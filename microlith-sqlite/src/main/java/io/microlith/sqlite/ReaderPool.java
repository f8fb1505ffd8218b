package io.microlith.sqlite;

import io.microlith.store.MessageStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fixed set of read-only connections. WAL mode lets them read beside the writer without blocking it
 * or being blocked. A read borrows a connection and waits (parks) when all are busy.
 */
final class ReaderPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReaderPool.class);

    /** One read, on a borrowed connection. */
    @FunctionalInterface
    interface Read<T> {
        T run(ReadConnection connection) throws SQLException;
    }

    private final List<ReadConnection> connections;
    private final BlockingQueue<ReadConnection> idle;
    private final String description;

    ReaderPool(List<ReadConnection> connections, String description) {
        this.connections = List.copyOf(connections);
        this.idle = new ArrayBlockingQueue<>(connections.size(), false, connections);
        this.description = description;
    }

    <T> T read(String what, Read<T> read) {
        ReadConnection connection;
        try {
            connection = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessageStoreException("Interrupted while waiting for a read connection to " + description, e);
        }
        try {
            return read.run(connection);
        } catch (SQLException e) {
            throw new MessageStoreException("Reading " + what + " from " + description + " failed: " + e.getMessage(), e);
        } finally {
            idle.add(connection);
        }
    }

    /** Waits a while for reads in progress to return their connections, then closes every connection. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int returned = 0;
        try {
            while (returned < connections.size()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || idle.poll(left, TimeUnit.NANOSECONDS) == null) {
                    LOG.warn("Closing {} while {} reads are still running", description, connections.size() - returned);
                    break;
                }
                returned++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ReadConnection connection : connections) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing a read connection to {} failed", description, e);
            }
        }
    }
}
