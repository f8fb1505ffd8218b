package io.microlith.bus.internal;

import io.microlith.bus.WaitInterruptedException;
import io.microlith.bus.WaitTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Waits indexed by correlation id, fed by whoever sees correlated items (the store follower, the query bus).
 *
 * <p>Each correlation id has one entry holding both its recent items and its pending waiters, changed only
 * inside {@link ConcurrentHashMap#compute}: a wait and a publish on the same id are therefore ordered, and
 * whichever comes second sees the other. That is what makes a wait registered after its answer still
 * complete (no lost wake-up), without any polling. Futures are completed outside {@code compute}, so that
 * their callbacks may use the index again.
 *
 * <p>Entries are kept for {@code retention} after they were created, and at most {@code maxCorrelations} of
 * them (the oldest go first); an entry with pending waiters stays until its last waiter leaves.
 *
 * @param <M> what is published: stored messages, or query answers
 */
public final class CorrelationIndex<M> {
    /** Waits that ended with a {@link WaitTimeoutException}, for metrics. */
    private final java.util.concurrent.atomic.LongAdder timedOut = new java.util.concurrent.atomic.LongAdder();
    /** The most items one conversation keeps for late waits; a long conversation forgets its oldest. */
    static final int MAX_ITEMS_PER_CORRELATION = 32;

    private final Function<M, String> typeOf;
    private final ScheduledExecutorService timer;
    private final long retentionNanos;
    private final int maxCorrelations;
    private final ConcurrentHashMap<String, Entry<M>> entries = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Entry<M>> byAge = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();

    public CorrelationIndex(Function<M, String> typeOf, ScheduledExecutorService timer, Duration retention,
                            int maxCorrelations) {
        if (maxCorrelations < 1) {
            throw new IllegalArgumentException("maxCorrelations must be at least 1, was " + maxCorrelations);
        }
        this.typeOf = typeOf;
        this.timer = timer;
        this.retentionNanos = retention.toNanos();
        this.maxCorrelations = maxCorrelations;
    }

    /** Completes the waiters of {@code correlationId} that wait for the item's type, and keeps it for later ones. */
    public void publish(String correlationId, M item) {
        String type = typeOf.apply(item);
        long now = System.nanoTime();
        List<Waiter<M>> matched = new ArrayList<>(1);
        Entry<M> created = update(correlationId, now, entry -> {
            entry.add(item);
            entry.takeMatching(type, matched);
        });
        for (Waiter<M> waiter : matched) {
            waiter.future.complete(item);
        }
        afterCreate(created, now);
    }

    /** Fails current and later waits on {@code correlationId} (a query whose handler threw). */
    public void fail(String correlationId, RuntimeException failure) {
        long now = System.nanoTime();
        List<Waiter<M>> matched = new ArrayList<>(1);
        Entry<M> created = update(correlationId, now, entry -> {
            entry.failure = failure;
            matched.addAll(entry.waiters);
            entry.waiters.clear();
        });
        for (Waiter<M> waiter : matched) {
            waiter.future.completeExceptionally(failure);
        }
        afterCreate(created, now);
    }

    /** How many waits ended with a {@link WaitTimeoutException} since this index was made. */
    public long timedOutWaits() {
        return timedOut.sum();
    }

    /**
     * The first item of {@code correlationId} with one of {@code types}: one already kept, or the next
     * published; fails with {@link WaitTimeoutException} after {@code timeout} (a timer task does that).
     */
    public CompletableFuture<M> await(String correlationId, List<String> types, Duration timeout) {
        requireTimeout(timeout);
        CompletableFuture<M> future = await(correlationId, types);
        if (future.isDone()) {
            return future;
        }
        long since = System.nanoTime();
        ScheduledFuture<?> timeoutTask = timer.schedule(() -> {
                    // counted before the waiter can see the failure, taken back when the answer won the race
                    timedOut.increment();
                    if (!future.completeExceptionally(
                            new WaitTimeoutException(correlationId, types, Duration.ofNanos(System.nanoTime() - since)))) {
                        timedOut.decrement();
                    }
                },
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        future.whenComplete((item, error) -> timeoutTask.cancel(false));
        return future;
    }

    /**
     * Blocks the calling thread until the first item of {@code correlationId} with one of {@code types} is
     * there, without a timer: the waiting thread's own timed park ends the wait.
     *
     * @throws WaitTimeoutException     after {@code timeout}
     * @throws WaitInterruptedException when interrupted (the flag is set again)
     * @throws RuntimeException         the failure the correlation was failed with
     */
    public M awaitBlocking(String correlationId, List<String> types, Duration timeout) {
        requireTimeout(timeout);
        long since = System.nanoTime();
        CompletableFuture<M> future = await(correlationId, types);
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (future.cancel(false)) {
                timedOut.increment();
                throw new WaitTimeoutException(correlationId, types, Duration.ofNanos(System.nanoTime() - since));
            }
            return future.join();
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new WaitInterruptedException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * The first item of {@code correlationId} with one of {@code types}, without timeout: cancel the future
     * to stop waiting (the waiter then leaves the index).
     */
    public CompletableFuture<M> await(String correlationId, List<String> types) {
        if (correlationId == null) {
            throw new IllegalArgumentException("Cannot wait without a correlation id; dispatch an Envelope.correlated(...) message");
        }
        if (types.isEmpty()) {
            throw new IllegalArgumentException("Wait for at least one message type");
        }
        long now = System.nanoTime();
        Waiter<M> waiter = new Waiter<>(correlationId, Set.copyOf(types));
        Object[] found = new Object[1];
        RuntimeException[] failed = new RuntimeException[1];
        Entry<M> created = update(correlationId, now, entry -> {
            if (entry.failure != null) {
                failed[0] = entry.failure;
                return;
            }
            M item = entry.firstMatching(waiter.types, typeOf);
            if (item != null) {
                found[0] = item;
            } else {
                entry.waiters.add(waiter);
            }
        });
        afterCreate(created, now);
        if (failed[0] != null) {
            return CompletableFuture.failedFuture(failed[0]);
        }
        if (found[0] != null) {
            @SuppressWarnings("unchecked") M item = (M) found[0];
            return CompletableFuture.completedFuture(item);
        }
        waiter.future.whenComplete((item, error) -> {
            if (error != null) {
                leave(waiter);
            }
        });
        return waiter.future;
    }

    private static void requireTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("A wait's timeout must not be negative, was " + timeout);
        }
    }

    /** How many correlation ids are indexed now (for tests and status). */
    public int size() {
        return entries.size();
    }

    /** How many waits are pending now. */
    public int pendingWaits() {
        int pending = 0;
        for (Entry<M> entry : entries.values()) {
            synchronized (entry) {
                pending += entry.waiters.size();
            }
        }
        return pending;
    }

    /** Applies {@code change} to the entry of {@code correlationId} atomically; returns the entry if it was created. */
    private Entry<M> update(String correlationId, long now, java.util.function.Consumer<Entry<M>> change) {
        List<Entry<M>> created = new ArrayList<>(1);
        entries.compute(correlationId, (id, entry) -> {
            if (entry == null) {
                entry = new Entry<>(id, now);
                created.add(entry);
            }
            synchronized (entry) {
                change.accept(entry);
                // an evicted entry lives on only for its waiters
                return entry.evicted && entry.waiters.isEmpty() ? null : entry;
            }
        });
        return created.isEmpty() ? null : created.getFirst();
    }

    private void afterCreate(Entry<M> created, long now) {
        if (created == null) {
            return;
        }
        byAge.add(created);
        count.incrementAndGet();
        evict(now);
    }

    private void evict(long now) {
        Entry<M> oldest;
        while ((oldest = byAge.peek()) != null
                && (count.get() > maxCorrelations || now - oldest.born > retentionNanos)) {
            Entry<M> removed = byAge.poll();
            if (removed == null) {
                return;
            }
            count.decrementAndGet();
            entries.computeIfPresent(removed.correlationId, (id, entry) -> {
                if (entry != removed) {
                    return entry;
                }
                synchronized (entry) {
                    entry.evicted = true;
                    return entry.waiters.isEmpty() ? null : entry;
                }
            });
        }
    }

    private void leave(Waiter<M> waiter) {
        entries.computeIfPresent(waiter.correlationId, (id, entry) -> {
            synchronized (entry) {
                entry.waiters.remove(waiter);
                return entry.evicted && entry.waiters.isEmpty() ? null : entry;
            }
        });
    }

    /** One conversation: its recent items and pending waiters. Guarded by its own monitor. */
    private static final class Entry<M> {
        final String correlationId;
        final long born;
        final ArrayList<M> items = new ArrayList<>(2);
        final ArrayList<Waiter<M>> waiters = new ArrayList<>(1);
        RuntimeException failure;
        boolean evicted;

        Entry(String correlationId, long born) {
            this.correlationId = correlationId;
            this.born = born;
        }

        void add(M item) {
            if (items.size() == MAX_ITEMS_PER_CORRELATION) {
                items.removeFirst();
            }
            items.add(item);
        }

        M firstMatching(Set<String> types, Function<M, String> typeOf) {
            for (M item : items) {
                if (types.contains(typeOf.apply(item))) {
                    return item;
                }
            }
            return null;
        }

        void takeMatching(String type, List<Waiter<M>> into) {
            if (waiters.isEmpty()) {
                return;
            }
            for (int i = waiters.size() - 1; i >= 0; i--) {
                if (waiters.get(i).types.contains(type)) {
                    into.add(waiters.remove(i));
                }
            }
        }
    }

    private static final class Waiter<M> {
        final String correlationId;
        final Set<String> types;
        final CompletableFuture<M> future = new CompletableFuture<>();

        Waiter(String correlationId, Set<String> types) {
            this.correlationId = correlationId;
            this.types = types;
        }
    }
}
