package io.microlith.postgres.internal;

import io.microlith.store.MessageStoreException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Group commit in the client: concurrent writes of one process are combined into one transaction (one round
 * trip, one commit flush, one statement's server overhead for many callers). Transactions of different writers
 * commit side by side in the database (decision 0099); combining makes each of them carry more.
 *
 * <ul>
 *   <li>A caller that finds the store idle writes at once on its own thread: a lone writer pays no hand-off.</li>
 *   <li>Writes that arrive while a write is in flight queue up; a writer thread takes everything queued
 *       (within limits) as the next transaction as soon as the one in flight ends. It keeps going while
 *       there is work, so the pace of the database, not the waking of caller threads, sets the throughput.</li>
 * </ul>
 * At most {@code maxInFlight} transactions of this store are in flight at once (their flushes overlap; a
 * transaction that needs a stream another holds waits for it in the server). Combining never changes a write's outcome: each
 * caller's write stays all-or-nothing and is checked against its expected versions as if it ran alone, in
 * arrival order (see {@code write_batch}). A write with an append condition is never combined: it runs in a
 * transaction of its own (decision 0082). Callers block until their write is done; interrupts are
 * ignored meanwhile, because the outcome must be known before the caller goes on.
 */
public final class WriteCombiner implements AutoCloseable {
    private final ReentrantLock lock = new ReentrantLock();
    /** Only the writer thread waits on it: for queued work while no write is in flight. */
    private final Condition workOrIdle = lock.newCondition();
    private final ArrayDeque<PendingWrite> queue = new ArrayDeque<>();
    private final int maxWrites;
    private final int maxMessages;
    private final Consumer<List<PendingWrite>> executor;
    private final List<Thread> writers = new ArrayList<>();
    private final int maxInFlight;
    private int inFlight;
    private boolean closed;

    /**
     * @param maxInFlight transactions of this store in flight at once: with two, the next one is already
     *                    written while the current one waits for its flush
     * @param maxWrites   most callers' writes combined into one transaction
     * @param maxMessages most messages combined into one transaction (a larger write still goes, alone)
     * @param executor    executes a batch and completes every write in it; must not throw
     */
    public WriteCombiner(int maxInFlight, int maxWrites, int maxMessages, Consumer<List<PendingWrite>> executor) {
        this.maxInFlight = maxInFlight;
        this.maxWrites = maxWrites;
        this.maxMessages = maxMessages;
        this.executor = executor;
        for (int i = 0; i < maxInFlight; i++) {
            writers.add(Thread.ofPlatform().daemon().name("microlith-postgres-writer-" + i).start(this::writeQueued));
        }
    }

    /** Returns when {@code write} is done (succeeded or failed). */
    public void submit(PendingWrite write) {
        boolean alone;
        lock.lock();
        try {
            if (closed) {
                throw new MessageStoreException("The store is closed");
            }
            alone = inFlight == 0 && queue.isEmpty();
            if (alone) {
                inFlight++;
            } else {
                queue.add(write);
                workOrIdle.signal();
            }
        } finally {
            lock.unlock();
        }
        if (alone) {
            try {
                execute(List.of(write));
            } finally {
                lock.lock();
                try {
                    inFlight--;
                    if (!queue.isEmpty()) {
                        workOrIdle.signal();
                    }
                } finally {
                    lock.unlock();
                }
            }
        }
        // Done, or (pipelined commits) waiting for its flush barrier.
        write.awaitDone();
    }

    private void writeQueued() {
        while (true) {
            List<PendingWrite> batch;
            lock.lock();
            try {
                while (!closed && (inFlight >= maxInFlight || queue.isEmpty())) {
                    workOrIdle.awaitUninterruptibly();
                }
                if (closed && queue.isEmpty()) {
                    return;
                }
                inFlight++;
                batch = drain();
            } finally {
                lock.unlock();
            }
            try {
                execute(batch);
            } finally {
                lock.lock();
                inFlight--;
                if (!queue.isEmpty()) {
                    workOrIdle.signal();
                }
                lock.unlock();
            }
        }
    }

    private void execute(List<PendingWrite> batch) {
        try {
            executor.accept(batch);
        } catch (RuntimeException | Error e) {
            for (PendingWrite write : batch) {
                if (!write.isAwaitingFlush()) {
                    write.fail(new MessageStoreException("The write failed unexpectedly; whether it was stored is unknown", e));
                }
            }
        } finally {
            for (PendingWrite write : batch) {
                if (!write.isDone() && !write.isAwaitingFlush()) {
                    write.fail(new MessageStoreException("The write was not executed (internal error)"));
                }
            }
        }
    }

    private List<PendingWrite> drain() {
        List<PendingWrite> batch = new ArrayList<>(Math.min(queue.size(), maxWrites));
        int messages = 0;
        while (!queue.isEmpty() && batch.size() < maxWrites) {
            PendingWrite next = queue.peek();
            if (!batch.isEmpty() && (messages + next.messageCount() > maxMessages || next.isConditional())) {
                break;
            }
            batch.add(queue.poll());
            messages += next.messageCount();
            if (next.isConditional()) {
                // alone: its condition is checked in its own transaction (WriteStatements)
                break;
            }
        }
        return batch;
    }

    /** Lets queued writes finish, then stops the writer thread. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            workOrIdle.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            for (Thread writer : writers) {
                writer.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
