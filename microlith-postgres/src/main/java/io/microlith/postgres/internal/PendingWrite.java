package io.microlith.postgres.internal;

import io.microlith.store.StreamWrite;
import io.microlith.store.WriteResult;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * One caller's write (all-or-nothing across its streams) on its way through the {@link WriteCombiner}.
 * Completed once, by whichever thread executes it; the caller reads the outcome after it is done.
 */
public final class PendingWrite {
    private final List<StreamWrite> writes;
    private final int messageCount;
    private final boolean conditional;
    private volatile List<WriteResult> results;
    private volatile RuntimeException failure;
    /** Set when an attempt that carried this write ended without telling whether it committed. */
    private volatile boolean uncertain;
    private final CountDownLatch done = new CountDownLatch(1);
    /** Committed without waiting for the WAL flush (pipelined commits); done once a flush barrier passes. */
    private volatile List<WriteResult> committed;

    public PendingWrite(List<StreamWrite> writes) {
        this.writes = writes;
        this.messageCount = writes.stream().mapToInt(w -> w.messages().size()).sum();
        this.conditional = writes.stream().anyMatch(w -> w.condition() != null);
    }

    /** Whether a stream write of it carries an append condition: such a write runs in a transaction of its own. */
    boolean isConditional() {
        return conditional;
    }

    public List<StreamWrite> writes() {
        return writes;
    }

    int messageCount() {
        return messageCount;
    }

    public boolean isDone() {
        return results != null || failure != null;
    }

    synchronized void succeed(List<WriteResult> results) {
        if (!isDone()) {
            this.results = List.copyOf(results);
            done.countDown();
        }
    }

    synchronized void fail(RuntimeException failure) {
        if (!isDone()) {
            this.failure = failure;
            done.countDown();
        }
    }

    /** Waits until the write is done, whatever interrupts arrive meanwhile (they are kept for the caller). */
    void awaitDone() {
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Committed, to be reported once the commit is flushed ({@link #flushed()}). */
    void committed(List<WriteResult> results) {
        this.committed = List.copyOf(results);
    }

    boolean isAwaitingFlush() {
        return committed != null && !isDone();
    }

    /** A flush barrier after the commit passed: the write is durable. */
    void flushed() {
        succeed(committed);
    }

    /** The flush barrier failed: whether the commit survived is unknown until its ids are looked up. */
    void flushFailed() {
        committed = null;
        markUncertain();
    }

    void markUncertain() {
        uncertain = true;
    }

    boolean isUncertain() {
        return uncertain;
    }

    /** The results, or the failure thrown. Only after {@link #isDone()}. */
    public List<WriteResult> outcome() {
        if (failure != null) {
            throw failure;
        }
        return results;
    }
}
