package io.microlith.testkit.tck;

import io.microlith.message.Message;
import io.microlith.message.NewMessage;
import io.microlith.store.ExpectedVersion;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * <b>No reader skips.</b> Eight writer threads append 20,000 messages across many streams of one
 * category, in writes of one to four messages, while live readers follow the category and the whole
 * store by global position (resuming at the last position seen + 1, as a consumer does). Each reader
 * must see every acknowledged message exactly once, in strictly increasing global order.
 *
 * <p>What this does not prove: stores whose writers live in other processes or connections need their
 * own test of that (the PostgreSQL store has one); this contract drives the store through one instance.
 */
public abstract class NoSkipContract extends StoreContract {
    private static final int WRITERS = 8;
    private static final int MESSAGES = 20_000;
    private static final int STREAMS = 200;

    @Test
    void live_category_and_all_readers_see_every_message_exactly_once_in_global_order() throws Exception {
        String category = uniqueCategory("noSkip");
        Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 2);
        try {
            Future<List<Message>> categoryReader = pool.submit(() -> follow(writing, acknowledged,
                    next -> store().readCategory(category, next, 500)));
            long start = store().headGlobalPosition() + 1;
            Future<List<Message>> allReader = pool.submit(() -> follow(writing, acknowledged,
                    next -> store().readAll(Math.max(next, start), 500)).stream()
                    .filter(m -> m.category().equals(category)).toList());

            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(pool.submit(() -> {
                    go.await();
                    write(category, MESSAGES / WRITERS, acknowledged);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> writer : writers) {
                writer.get(5, TimeUnit.MINUTES);
            }
            writing.set(false);

            assertSeenExactlyOnceInOrder(categoryReader.get(2, TimeUnit.MINUTES), acknowledged);
            assertSeenExactlyOnceInOrder(allReader.get(2, TimeUnit.MINUTES), acknowledged);
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
    }

    private void write(String category, int count, Set<UUID> acknowledged) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int written = 0;
        while (written < count) {
            int size = Math.min(count - written, 1 + random.nextInt(4));
            List<NewMessage> batch = messages(written, size);
            store().write(stream(category, random.nextInt(STREAMS)), batch, ExpectedVersion.any());
            batch.forEach(m -> acknowledged.add(m.id()));
            written += size;
        }
    }

    /** Follows by global position until writing is over and everything acknowledged has been seen. */
    private static List<Message> follow(AtomicBoolean writing, Set<UUID> acknowledged, LongFunction<List<Message>> read)
            throws InterruptedException {
        List<Message> seen = new ArrayList<>(MESSAGES);
        long next = 0;
        long deadline = Long.MAX_VALUE;
        while (true) {
            List<Message> batch = read.apply(next);
            seen.addAll(batch);
            if (!batch.isEmpty()) {
                next = batch.get(batch.size() - 1).globalPosition() + 1;
                continue;
            }
            if (!writing.get()) {
                if (seen.size() >= acknowledged.size()) {
                    return seen;
                }
                // Writers are done: whatever is missing now is committed and must appear at once.
                deadline = Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
                if (System.nanoTime() > deadline) {
                    return seen;
                }
            }
            Thread.sleep(1);
        }
    }

    private static void assertSeenExactlyOnceInOrder(List<Message> seen, Set<UUID> acknowledged) {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < seen.size(); i++) {
            assertThat(ids.add(seen.get(i).id())).as("message %s seen twice", seen.get(i).id()).isTrue();
            if (i > 0) {
                assertThat(seen.get(i).globalPosition()).isGreaterThan(seen.get(i - 1).globalPosition());
            }
        }
        assertThat(acknowledged).hasSize(MESSAGES);
        assertThat(ids).as("ids seen by the reader").containsExactlyInAnyOrderElementsOf(acknowledged);
    }
}
