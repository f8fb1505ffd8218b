package io.microlith.postgres.internal;

import io.microlith.store.MessageStoreException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Group commit in the client. Every write of the store holds the store-wide write lock from its first row
 * to its commit (docs/decisions/0020), so concurrent writes of one process gain nothing from running side
 * by side; instead, writes that arrive while others are in flight are combined into one transaction (one
 * round trip, one commit flush) by whichever caller thread is free to lead. A caller alone leads its own
 * write at once, so a single writer pays no hand-off.
 *
 * <p>Combining never changes a write's outcome: each caller's write stays all-or-nothing and is checked
 * against its expected versions as if it ran alone, in arrival order (see {@code write_batch}).
 * Callers block until their write is done; interrupts are ignored meanwhile, because the outcome must be
 * known before the caller goes on.
 */
public final class WriteCombiner {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<PendingWrite> queue = new ArrayDeque<>();
    private final int maxLeaders;
    private final int maxWrites;
    private final int maxMessages;
    private final Consumer<List<PendingWrite>> executor;
    private int leaders;

    /**
     * @param maxLeaders  transactions in flight at once (more than one overlaps a round trip with a commit)
     * @param maxWrites   most callers' writes combined into one transaction
     * @param maxMessages most messages combined into one transaction (a larger write still goes, alone)
     * @param executor    executes a batch and completes every write in it; must not throw
     */
    public WriteCombiner(int maxLeaders, int maxWrites, int maxMessages, Consumer<List<PendingWrite>> executor) {
        this.maxLeaders = maxLeaders;
        this.maxWrites = maxWrites;
        this.maxMessages = maxMessages;
        this.executor = executor;
    }

    /** Returns when {@code write} is done (succeeded or failed), having executed it or others' meanwhile. */
    public void submit(PendingWrite write) {
        lock.lock();
        try {
            queue.add(write);
            while (!write.isDone()) {
                if (leaders < maxLeaders && !queue.isEmpty()) {
                    lead();
                } else {
                    changed.awaitUninterruptibly();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Called holding the lock; releases it while the batch executes. */
    private void lead() {
        leaders++;
        List<PendingWrite> batch = drain();
        lock.unlock();
        try {
            executor.accept(batch);
        } catch (RuntimeException | Error e) {
            for (PendingWrite write : batch) {
                write.fail(new MessageStoreException("The write failed unexpectedly; whether it was stored is unknown", e));
            }
        } finally {
            for (PendingWrite write : batch) {
                if (!write.isDone()) {
                    write.fail(new MessageStoreException("The write was not executed (internal error)"));
                }
            }
            lock.lock();
            leaders--;
            changed.signalAll();
        }
    }

    private List<PendingWrite> drain() {
        List<PendingWrite> batch = new ArrayList<>(Math.min(queue.size(), maxWrites));
        int messages = 0;
        while (!queue.isEmpty() && batch.size() < maxWrites) {
            PendingWrite next = queue.peek();
            if (!batch.isEmpty() && messages + next.messageCount() > maxMessages) {
                break;
            }
            batch.add(queue.poll());
            messages += next.messageCount();
        }
        return batch;
    }
}
