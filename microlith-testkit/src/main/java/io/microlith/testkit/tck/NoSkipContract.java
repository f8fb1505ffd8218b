package io.microlith.testkit.tck;

import io.microlith.message.Message;
import io.microlith.message.NewMessage;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.MessageStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * <b>No reader skips.</b> Eight writer threads append 20,000 messages across many streams of four
 * categories, in writes of one to four messages, while live readers follow each category and the whole
 * store by global position (resuming at the last position seen + 1, as a consumer does). Each reader
 * must see every acknowledged message exactly once, in strictly increasing global order: a reader of one
 * category only that category's, the reader of the whole store every message of the four.
 *
 * <p>Several categories make the proof able to fail for a store that orders writers per category (as
 * message-db's lock does): there a transaction of one category may draw a lower global position and
 * commit after another category's higher one, which the reader of the whole store has already passed.
 * {@link #proveNoReaderSkips(MessageStore)} runs the same proof on any store, so a store's own tests can
 * show that a weaker variant fails it.
 *
 * <p>What this does not prove: stores whose writers live in other processes or connections need their
 * own test of that (the PostgreSQL store has one); this contract drives the store through one instance.
 */
public abstract class NoSkipContract extends StoreContract {
    private static final int WRITERS = 8;
    private static final int MESSAGES = 20_000;
    private static final int CATEGORIES = 4;
    private static final int STREAMS = 200;

    @Test
    void live_category_and_all_readers_see_every_message_exactly_once_in_global_order() throws Exception {
        proveNoReaderSkips(store());
    }

    /**
     * The proof of this contract on {@code store}: throws an {@link AssertionError} naming the reader that
     * skipped (or saw twice, or out of order) and how many messages it missed.
     */
    public static void proveNoReaderSkips(MessageStore store) throws Exception {
        proveNoReaderSkips(store, Duration.ofSeconds(30));
    }

    /**
     * As {@link #proveNoReaderSkips(MessageStore)}, with readers that give up {@code grace} after the writers are
     * done (a test that expects the proof to fail waits that long for the messages a reader skipped).
     */
    public static void proveNoReaderSkips(MessageStore store, Duration grace) throws Exception {
        List<String> categories = new ArrayList<>();
        for (int c = 0; c < CATEGORIES; c++) {
            categories.add(uniqueCategory("noSkip" + (char) ('A' + c)));
        }
        Map<UUID, String> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + CATEGORIES + 1);
        try {
            List<Future<List<Message>>> categoryReaders = new ArrayList<>();
            for (String category : categories) {
                categoryReaders.add(pool.submit(() -> LiveReaders.follow(writing::get,
                        () -> idsOf(acknowledged, category).size(), next -> store.readCategory(category, next, 500), grace)));
            }
            long start = store.headGlobalPosition() + 1;
            Set<String> ours = Set.copyOf(categories);
            Future<List<Message>> allReader = pool.submit(() -> LiveReaders.follow(writing::get, acknowledged::size,
                    next -> store.readAll(Math.max(next, start), 500), grace).stream()
                    .filter(m -> ours.contains(m.category())).toList());

            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(pool.submit(() -> {
                    go.await();
                    write(store, categories, MESSAGES / WRITERS, acknowledged);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> writer : writers) {
                writer.get(5, TimeUnit.MINUTES);
            }
            writing.set(false);

            assertThat(acknowledged).hasSize(MESSAGES);
            LiveReaders.assertSeenExactlyOnceInOrder("reader of all", allReader.get(2, TimeUnit.MINUTES),
                    acknowledged.keySet());
            for (int c = 0; c < CATEGORIES; c++) {
                String category = categories.get(c);
                LiveReaders.assertSeenExactlyOnceInOrder("reader of " + category,
                        categoryReaders.get(c).get(2, TimeUnit.MINUTES), idsOf(acknowledged, category));
            }
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
    }

    private static void write(MessageStore store, List<String> categories, int count, Map<UUID, String> acknowledged) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int written = 0;
        while (written < count) {
            int size = Math.min(count - written, 1 + random.nextInt(4));
            List<NewMessage> batch = messages(written, size);
            String category = categories.get(random.nextInt(categories.size()));
            store.write(stream(category, random.nextInt(STREAMS)), batch, ExpectedVersion.any());
            batch.forEach(m -> acknowledged.put(m.id(), category));
            written += size;
        }
    }

    private static Set<UUID> idsOf(Map<UUID, String> acknowledged, String category) {
        Set<UUID> ids = new HashSet<>();
        acknowledged.forEach((id, c) -> {
            if (c.equals(category)) {
                ids.add(id);
            }
        });
        return ids;
    }
}
