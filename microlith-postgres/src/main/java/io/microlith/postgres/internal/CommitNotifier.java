package io.microlith.postgres.internal;

import io.microlith.store.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Notifies other processes of the store's own commits, after they commit (decision 0099): the store's connections
 * write with {@code message_store.notify} off, because a transaction that notifies holds one server-wide lock from
 * its commit until its flush, and would make the store's writers commit one at a time. Instead this thread sends
 * the notifications of every commit made meanwhile in one statement of its own, committed without waiting for a
 * flush (a notification is a hint: a listener that misses one finds the messages by polling).
 */
public final class CommitNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommitNotifier.class);
    static final String NOTIFY = "SELECT count(pg_catalog.pg_notify('" + NotificationListener.CHANNEL + "', p))"
            + " FROM unnest(?::text[]) AS p WHERE pg_catalog.set_config('synchronous_commit', 'off', true) IS NOT NULL";
    private static final int MOST_PER_STATEMENT = 1000;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();
    private final List<String> payloads = new ArrayList<>();
    private final DataSource dataSource;
    private final Thread thread;
    private boolean closed;

    /** @param dataSource the store's pool; a connection is borrowed per statement */
    public CommitNotifier(DataSource dataSource) {
        this.dataSource = dataSource;
        this.thread = Thread.ofPlatform().daemon().name("microlith-postgres-notifier").start(this::run);
    }

    /** Queues a notification per category written, with its highest global position, as {@code notify_commit} would. */
    public void committed(List<WriteResult> results) {
        Map<String, Long> highest = new LinkedHashMap<>();
        for (WriteResult result : results) {
            highest.merge(result.streamName().category(), result.lastGlobalPosition(), Math::max);
        }
        lock.lock();
        try {
            highest.forEach((category, position) -> payloads.add(position + " " + category));
            added.signal();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            List<String> batch;
            lock.lock();
            try {
                while (payloads.isEmpty() && !closed) {
                    added.awaitUninterruptibly();
                }
                if (payloads.isEmpty()) {
                    return;
                }
                List<String> head = payloads.subList(0, Math.min(MOST_PER_STATEMENT, payloads.size()));
                batch = new ArrayList<>(head);
                head.clear();
            } finally {
                lock.unlock();
            }
            try (Connection connection = dataSource.getConnection(); PreparedStatement notify = connection.prepareStatement(NOTIFY)) {
                notify.setArray(1, connection.createArrayOf("text", batch.toArray()));
                notify.executeQuery().close();
            } catch (SQLException | RuntimeException e) {
                LOG.warn("Could not notify other processes of {} commit(s) ({}); they find them by polling", batch.size(), e.getMessage());
            }
        }
    }

    /** Sends what is queued, then stops. */
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
