package io.microlith.postgres;

import io.microlith.message.Message;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.StreamWrite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import java.util.concurrent.atomic.AtomicInteger;

import static io.microlith.testkit.tck.LiveReaders.assertSeenExactlyOnceInOrder;
import static io.microlith.testkit.tck.LiveReaders.follow;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proof of "no reader ever skips", with the writers PostgreSQL actually has to order: eight writer
 * connections, four of them Microlith stores (two committing flushed, two pipelined) and four plain JDBC connections
 * calling message-db's {@code write_message} in explicit transactions of one to four messages, as any
 * message-db client does (one that PostgreSQL aborts as deadlocked, having locked two streams in the opposite order
 * of another, is written again, as a message-db client must). Transactions write one or two of three categories, in random order. 50,000
 * messages in all. Meanwhile live readers follow by global position, resuming at the last position seen
 * + 1: a Microlith category reader per category, a message-db client per category (SQL
 * {@code get_category_messages}) and a Microlith reader of the whole store. Each must see every committed
 * message exactly once, in strictly increasing global position.
 *
 * <p>The writers commit side by side (decision 0099); the readers stay below the read fence. Without the fence
 * ({@code FenceOffFailsNoSkipTest}), or with message-db's locking ({@code PerCategoryLockFailsNoSkipTest}), the
 * reader of the whole store misses messages committed after a higher position.
 */
class NoSkipAcrossConnectionsTest {
    private static final int MESSAGES = 50_000;
    private static final int STORE_WRITERS = 4;
    private static final int SQL_WRITERS = 4;
    private static final List<String> CATEGORIES = List.of("noSkipA", "noSkipB", "noSkipC");
    private static final int READ_BATCH = 200;
    /** SQL transactions aborted by PostgreSQL's deadlock detection and written again. */
    private static final AtomicInteger DEADLOCKS = new AtomicInteger();

    private static String database;
    private static PostgresMessageStore readerStore;

    @BeforeAll
    static void database() {
        database = TestDatabases.create("noskip");
        readerStore = PostgresMessageStore.open(TestDatabases.settings(database).withPoolSize(4));
    }

    @AfterAll
    static void close() {
        if (readerStore != null) {
            readerStore.close();
        }
    }

    @Test
    void every_reader_sees_every_message_of_eight_writer_connections_exactly_once_in_global_order() throws Exception {
        Map<UUID, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger remaining = new AtomicInteger(MESSAGES);
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService threads = Executors.newCachedThreadPool();
        List<PostgresMessageStore> writerStores = new ArrayList<>();
        try {
            List<Future<List<Message>>> categoryReaders = new ArrayList<>();
            List<Future<List<Message>>> sqlReaders = new ArrayList<>();
            for (String category : CATEGORIES) {
                categoryReaders.add(threads.submit(() -> follow(writing::get, () -> idsOf(acknowledged, category).size(),
                        next -> readerStore.readCategory(category, next, READ_BATCH))));
                sqlReaders.add(threads.submit(() -> {
                    try (Connection connection = TestDatabases.connect(database)) {
                        return follow(writing::get, () -> idsOf(acknowledged, category).size(),
                                next -> getCategoryMessages(connection, category, next));
                    }
                }));
            }
            Future<List<Message>> allReader = threads.submit(() -> follow(writing::get, acknowledged::size,
                    next -> readerStore.readAll(next, READ_BATCH)));

            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < STORE_WRITERS; w++) {
                // Half of the stores commit pipelined (visible before their flush), half flushed.
                PostgresMessageStore store = PostgresMessageStore.open(TestDatabases.settings(database).withPoolSize(2)
                        .withCommitMode(w % 2 == 0 ? CommitMode.FLUSHED : CommitMode.PIPELINED));
                writerStores.add(store);
                writers.add(threads.submit(() -> {
                    go.await();
                    writeThroughStore(store, remaining, acknowledged);
                    return null;
                }));
            }
            for (int w = 0; w < SQL_WRITERS; w++) {
                writers.add(threads.submit(() -> {
                    try (Connection connection = TestDatabases.connect(database)) {
                        go.await();
                        writeThroughSql(connection, remaining, acknowledged);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> writer : writers) {
                writer.get(5, TimeUnit.MINUTES);
            }
            writing.set(false);
            System.out.println("SQL transactions aborted as deadlocked and written again: " + DEADLOCKS.get());

            assertThat(acknowledged).hasSize(MESSAGES);
            for (int c = 0; c < CATEGORIES.size(); c++) {
                String category = CATEGORIES.get(c);
                Set<UUID> expected = idsOf(acknowledged, category);
                assertSeenExactlyOnceInOrder("Microlith reader of " + category, categoryReaders.get(c).get(2, TimeUnit.MINUTES), expected);
                assertSeenExactlyOnceInOrder("SQL get_category_messages reader of " + category, sqlReaders.get(c).get(2, TimeUnit.MINUTES), expected);
            }
            assertSeenExactlyOnceInOrder("reader of all categories", allReader.get(2, TimeUnit.MINUTES), acknowledged.keySet());
        } finally {
            writing.set(false);
            threads.shutdownNow();
            writerStores.forEach(PostgresMessageStore::close);
        }
    }

    /** Writes of one to four messages to one or two categories, through a store with one connection. */
    private static void writeThroughStore(PostgresMessageStore store, AtomicInteger remaining, Map<UUID, String> acknowledged) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (true) {
            int size = take(remaining, 1 + random.nextInt(4));
            if (size == 0) {
                return;
            }
            List<StreamWrite> writes = new ArrayList<>();
            List<NewMessage> first = new ArrayList<>();
            List<NewMessage> second = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                (i % 2 == 0 ? first : second).add(NewMessage.of("Written", "{\"by\":\"store\",\"i\":" + i + "}"));
            }
            List<String> categories = shuffledCategories();
            writes.add(new StreamWrite(randomStream(categories.get(0)), first, ExpectedVersion.any()));
            if (!second.isEmpty()) {
                writes.add(new StreamWrite(randomStream(categories.get(1)), second, ExpectedVersion.any()));
            }
            store.write(writes);
            for (StreamWrite write : writes) {
                write.messages().forEach(m -> acknowledged.put(m.id(), write.streamName().category()));
            }
        }
    }

    /** Transactions of one to four write_message calls, to one or two categories, as a message-db client. */
    private static void writeThroughSql(Connection connection, AtomicInteger remaining, Map<UUID, String> acknowledged)
            throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        connection.setAutoCommit(false);
        try (PreparedStatement write = connection.prepareStatement(
                "SELECT message_store.write_message(?, ?, 'Written', ?::jsonb)")) {
            while (true) {
                int size = take(remaining, 1 + random.nextInt(4));
                if (size == 0) {
                    return;
                }
                List<String> categories = shuffledCategories();
                while (true) {
                    Map<UUID, String> transaction = new java.util.HashMap<>();
                    try {
                        for (int i = 0; i < size; i++) {
                            StreamName stream = randomStream(categories.get(i % 2));
                            UUID id = UUID.randomUUID();
                            write.setString(1, id.toString());
                            write.setString(2, stream.value());
                            write.setString(3, "{\"by\":\"sql\",\"i\":" + i + "}");
                            write.executeQuery().close();
                            transaction.put(id, stream.category());
                        }
                        connection.commit();
                        acknowledged.putAll(transaction);
                        break;
                    } catch (SQLException e) {
                        // Two transactions locking the same two streams in opposite orders: PostgreSQL aborts one
                        // (decision 0099, as message-db does per category); a message-db client writes it again.
                        connection.rollback();
                        if (!"40P01".equals(e.getSQLState())) {
                            throw e;
                        }
                        DEADLOCKS.incrementAndGet();
                    }
                }
            }
        }
    }

    private static int take(AtomicInteger remaining, int wanted) {
        while (true) {
            int left = remaining.get();
            int size = Math.min(left, wanted);
            if (size == 0 || remaining.compareAndSet(left, left - size)) {
                return size;
            }
        }
    }

    private static List<String> shuffledCategories() {
        List<String> categories = new ArrayList<>(CATEGORIES);
        java.util.Collections.shuffle(categories, ThreadLocalRandom.current());
        return categories;
    }

    private static StreamName randomStream(String category) {
        return StreamName.of(category, String.valueOf(ThreadLocalRandom.current().nextInt(50)));
    }

    private static List<Message> getCategoryMessages(Connection connection, String category, long from) {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT * FROM message_store.get_category_messages(?, ?, ?)")) {
            statement.setString(1, category);
            statement.setLong(2, from);
            statement.setLong(3, READ_BATCH);
            List<Message> messages = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    messages.add(new Message(UUID.fromString(rs.getString("id")), StreamName.of(rs.getString("stream_name")),
                            rs.getString("type"), rs.getLong("position"), rs.getLong("global_position"),
                            rs.getTimestamp("time").toInstant(), rs.getString("data"), null));
                }
            }
            return messages;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
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
