package io.microlith.internal.runtime;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * How a reader's thread (a consumer's, the buses' store follower's) waits while it has nothing to read:
 * parked until {@link #wake()} (called from a commit notification), a tick of the slow fallback poll, or
 * {@link #stop()}. Not API.
 *
 * <p>No wake-up is lost: a {@code wake()} that comes while the reader is still reading (before it waits)
 * is remembered, and the next {@link #await()} returns at once. So a reader that reads, then awaits, then
 * reads again always sees a commit whose notification called {@code wake()} after the commit.
 *
 * <p>One thread waits ({@link #await()}); any thread may wake, stop or {@link #sleep(long)}.
 */
public final class WakeUps {
    private final AtomicBoolean signaled = new AtomicBoolean();
    private final AtomicBoolean ticked = new AtomicBoolean();
    private volatile Thread waiter;
    private volatile boolean stopping;
    private ScheduledFuture<?> ticks;

    /**
     * Binds the thread that will {@link #await()} (best before it starts: a wake-up before then is kept)
     * and starts the fallback poll, every {@code pollInterval}.
     *
     * @throws IllegalStateException when started before
     */
    public synchronized void start(Thread waiter, Duration pollInterval) {
        if (this.waiter != null) {
            throw new IllegalStateException("Wake-ups were started before, for " + this.waiter);
        }
        this.waiter = waiter;
        ticks = Ticker.every(pollInterval, this::tick);
    }

    /** Something may have arrived: the waiter reads again, now or, when it is busy, after its current read. */
    public void wake() {
        if (!signaled.getAndSet(true)) {
            unparkWaiter();
        }
    }

    private void tick() {
        ticked.set(true);
        unparkWaiter();
    }

    private void unparkWaiter() {
        Thread t = waiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Called by the bound thread when a read found nothing new: returns at once when woken since the last
     * call, else parks until woken, a poll tick, a stop or an interrupt.
     *
     * @return true when the wait ended quietly: a poll tick came since the last quiet wait and no wake-up
     * did, so nothing was notified for a while (a consumer then saves its position)
     */
    public boolean await() {
        if (signaled.getAndSet(false) || stopping) {
            return false;
        }
        // A permit left by a wake-up or tick that came while the reader was busy would end a single park at once and
        // cost a read that finds nothing: park until there is a reason to read (an interrupt also ends the wait).
        while (!signaled.get() && !ticked.get() && !stopping && !Thread.currentThread().isInterrupted()) {
            LockSupport.park(this);
        }
        boolean woken = signaled.getAndSet(false);
        return ticked.getAndSet(false) && !woken;
    }

    /**
     * Parks the calling thread for {@code nanos} (a backoff, a pause after a failure); returns at once when
     * stopped, and early when the bound thread is stopped while it sleeps.
     */
    public void sleep(long nanos) {
        long deadline = System.nanoTime() + nanos;
        long left;
        while (!stopping && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
    }

    /**
     * Called by the bound thread as it starts a read: the wake-ups that came before are covered by that read (each
     * was called after its commit), so they are forgotten; one that comes during the read is kept as always.
     */
    public void reading() {
        signaled.set(false);
    }

    /**
     * Whether the next {@link #await()} would return at once: a wake-up came since the last wait, or a stop. Does not
     * consume the wake-up.
     */
    public boolean pending() {
        return signaled.get() || stopping;
    }

    /** Whether {@link #stop()} was called. */
    public boolean stopping() {
        return stopping;
    }

    /** From now on waits and sleeps return at once; the bound thread is unparked to notice. Repeatable. */
    public void stop() {
        stopping = true;
        unparkWaiter();
    }

    /** Ends the fallback poll (the waiter is done). Repeatable; does nothing when not started. */
    public synchronized void close() {
        if (ticks != null) {
            ticks.cancel(false);
        }
    }
}
