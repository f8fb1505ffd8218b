package io.microlith.consumer;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What a consumer knows of how far it has caught up: {@link #caughtUpTo()}, the store's head as it was
 * before the consumer's last read that found no more. The head is learnt from commit notifications, so the
 * store is asked for it only when a notification could not tell (or when asked to, by a wake-up).
 */
final class CatchUp {
    private final LongSupplier storeHead;
    private final AtomicLong headSeen = new AtomicLong();
    private volatile long caughtUpTo;
    private volatile boolean headUnknown;
    private volatile boolean askHead;

    /** @param storeHead asks the store for its head global position */
    CatchUp(LongSupplier storeHead) {
        this.storeHead = storeHead;
    }

    /** Called once, before the consumer listens for commits: the head it starts from. */
    void start() {
        headSeen.set(storeHead.getAsLong());
    }

    /**
     * Every commit up to the highest position notified is visible to a read that starts after this.
     *
     * @param lastGlobalPosition a commit's highest global position, or {@code 0} when the store cannot tell
     */
    void noteHead(long lastGlobalPosition) {
        if (lastGlobalPosition <= 0) {
            headUnknown = true;
            return;
        }
        if (headSeen.get() < lastGlobalPosition) {
            headSeen.accumulateAndGet(lastGlobalPosition, Math::max);
        }
    }

    /** Makes the next {@link #knownHead()} ask the store, in case a notification was lost. */
    void askHead() {
        askHead = true;
    }

    /** The highest head known; call it before a read, whose result it then bounds. */
    long knownHead() {
        if (headUnknown || askHead) {
            headUnknown = false;
            askHead = false;
            noteHead(storeHead.getAsLong());
        }
        return headSeen.get();
    }

    /** A read that started after {@code head} was known came back short: everything up to it is processed. */
    void caughtUp(long head) {
        if (head > caughtUpTo) {
            caughtUpTo = head;
        }
    }

    long caughtUpTo() {
        return caughtUpTo;
    }
}
