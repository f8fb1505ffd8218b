package io.microlith.postgres;

import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.ExpectedVersion;
import io.microlith.testkit.Eventually;
import io.microlith.store.StreamWrite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transactions that write several categories in opposite orders queue instead of deadlocking (with
 * message-db's per-category locks they deadlock: see MessageDbCompatibilityTest).
 */
class MultiCategoryTransactionsTest {
    private static String database;
    private static final List<PostgresMessageStore> STORES = new ArrayList<>();

    @BeforeAll
    static void database() {
        database = TestDatabases.create("multicategory");
        STORES.add(PostgresMessageStore.open(TestDatabases.settings(database).withPoolSize(1)));
        STORES.add(PostgresMessageStore.open(TestDatabases.settings(database).withPoolSize(1)));
    }

    @AfterAll
    static void close() {
        STORES.forEach(PostgresMessageStore::close);
    }

    @Nested
    class Through_sql_write_message {

        @Test
        void two_transactions_writing_two_categories_in_opposite_orders_both_commit() throws Exception {
            String a = "orderA" + suffix();
            String b = "orderB" + suffix();
            ExecutorService thread = Executors.newSingleThreadExecutor();
            try (Connection first = TestDatabases.connect(database); Connection second = TestDatabases.connect(database)) {
                first.setAutoCommit(false);
                second.setAutoCommit(false);
                writeMessage(first, a + "-1");
                int secondPid = pid(second);

                CountDownLatch started = new CountDownLatch(1);
                Future<?> other = thread.submit(() -> {
                    started.countDown();
                    writeMessage(second, b + "-1");
                    writeMessage(second, a + "-2");
                    second.commit();
                    return null;
                });
                started.await();
                awaitWaitingForLock(secondPid);

                writeMessage(first, b + "-2");
                first.commit();
                other.get(30, TimeUnit.SECONDS);
            } finally {
                thread.shutdownNow();
            }

            try (Connection reader = TestDatabases.connect(database);
                 PreparedStatement read = reader.prepareStatement(
                         "SELECT stream_name FROM message_store.messages WHERE message_store.category(stream_name) IN (?, ?) ORDER BY global_position")) {
                read.setString(1, a);
                read.setString(2, b);
                List<String> order = new ArrayList<>();
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        order.add(rs.getString(1));
                    }
                }
                // The first transaction took the lock first, so its messages come first in global order.
                assertThat(order).containsExactly(a + "-1", b + "-2", b + "-1", a + "-2");
            }
        }
    }

    @Nested
    class Through_the_java_store {

        @Test
        void two_stores_writing_two_categories_in_opposite_orders_never_deadlock() throws Exception {
            String a = "javaA" + suffix();
            String b = "javaB" + suffix();
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                Future<?> forward = threads.submit(() -> writeBoth(STORES.get(0), a, b));
                Future<?> backward = threads.submit(() -> writeBoth(STORES.get(1), b, a));
                forward.get(2, TimeUnit.MINUTES);
                backward.get(2, TimeUnit.MINUTES);
            } finally {
                threads.shutdownNow();
            }
            assertThat(STORES.get(0).readCategory(a, 0, 1000)).hasSize(400);
            assertThat(STORES.get(0).readCategory(b, 0, 1000)).hasSize(400);
        }

        private static void writeBoth(PostgresMessageStore store, String first, String second) {
            for (int i = 0; i < 200; i++) {
                store.write(List.of(
                        new StreamWrite(StreamName.of(first, "1"), List.of(NewMessage.of("Written", "{}")), ExpectedVersion.any()),
                        new StreamWrite(StreamName.of(second, "1"), List.of(NewMessage.of("Written", "{}")), ExpectedVersion.any())));
            }
        }
    }

    private static void writeMessage(Connection connection, String stream) throws SQLException {
        try (PreparedStatement write = connection.prepareStatement(
                "SELECT message_store.write_message(?, ?, 'Written', '{}'::jsonb)")) {
            write.setString(1, UUID.randomUUID().toString());
            write.setString(2, stream);
            write.executeQuery().close();
        }
    }

    private static int pid(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_backend_pid()");
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Returns once the session is blocked on a lock (the store-wide write lock); no sleeping guesswork. */
    private static void awaitWaitingForLock(int pid) throws Exception {
        try (Connection observer = TestDatabases.connect(database);
             PreparedStatement waiting = observer.prepareStatement(
                     "SELECT count(*) FROM pg_locks WHERE pid = ? AND NOT granted AND locktype = 'advisory'")) {
            waiting.setInt(1, pid);
            Eventually.within(Duration.ofSeconds(30)).describedAs("session " + pid + " waiting for the write lock")
                    .until(() -> {
                        try (ResultSet rs = waiting.executeQuery()) {
                            rs.next();
                            return rs.getInt(1) > 0;
                        }
                    });
        }
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
