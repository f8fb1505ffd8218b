package io.microlith.testkit.tck;

import io.microlith.message.Message;
import io.microlith.message.NewMessage;
import io.microlith.store.ExpectedVersion;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
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
            Future<List<Message>> categoryReader = pool.submit(() -> LiveReaders.follow(writing::get, acknowledged::size,
                    next -> store().readCategory(category, next, 500)));
            long start = store().headGlobalPosition() + 1;
            Future<List<Message>> allReader = pool.submit(() -> LiveReaders.follow(writing::get, acknowledged::size,
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

            assertThat(acknowledged).hasSize(MESSAGES);
            LiveReaders.assertSeenExactlyOnceInOrder("category reader", categoryReader.get(2, TimeUnit.MINUTES), acknowledged);
            LiveReaders.assertSeenExactlyOnceInOrder("reader of all", allReader.get(2, TimeUnit.MINUTES), acknowledged);
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
}
