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
import java.sql.Statement;
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
 * Transactions that write several categories in opposite orders (decision 0099): writes of other streams commit side
 * by side; SQL transactions that lock the same two streams in opposite orders deadlock and PostgreSQL aborts one (as
 * message-db does per category), unless {@code message_store.write_lock} is {@code store}, where they queue; the
 * Java store locks its streams in key order and never deadlocks.
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
        void transactions_writing_other_streams_of_two_categories_in_opposite_orders_commit_side_by_side() throws Exception {
            String a = "orderA" + suffix();
            String b = "orderB" + suffix();
            try (Connection first = TestDatabases.connect(database); Connection second = TestDatabases.connect(database)) {
                first.setAutoCommit(false);
                second.setAutoCommit(false);
                writeMessage(first, a + "-1");
                // The second transaction writes B, then A, and commits while the first is still open: no waiting.
                writeMessage(second, b + "-1");
                writeMessage(second, a + "-2");
                second.commit();

                // Committed, but above the first transaction's position, which is still in flight: readers by
                // global position do not see it yet (the read fence), readers of its stream do.
                assertThat(STORES.get(0).readCategory(a, 0, 1000)).isEmpty();
                assertThat(STORES.get(0).readCategory(b, 0, 1000)).isEmpty();
                assertThat(STORES.get(0).readStream(StreamName.of(a + "-2"), 0)).hasSize(1);
                assertThat(sqlCategoryRead(b)).as("get_category_messages of %s", b).isZero();

                writeMessage(first, b + "-2");
                first.commit();
            }
            // Global positions were drawn in the order of the writes, not of the commits.
            assertThat(streamsInGlobalOrder(a, b)).containsExactly(a + "-1", b + "-1", a + "-2", b + "-2");
            assertThat(STORES.get(0).readCategory(a, 0, 1000)).hasSize(2);
            assertThat(sqlCategoryRead(b)).isEqualTo(2);
        }

        /** How many messages message-db's get_category_messages returns for the category, as a SQL client reads. */
        private static int sqlCategoryRead(String category) throws SQLException {
            try (Connection reader = TestDatabases.connect(database);
                 PreparedStatement read = reader.prepareStatement("SELECT count(*) FROM message_store.get_category_messages(?, 1)")) {
                read.setString(1, category);
                try (ResultSet rs = read.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        }

        @Test
        void transactions_writing_the_same_two_streams_in_opposite_orders_deadlock_and_one_is_aborted() throws Exception {
            String a = "sameA" + suffix() + "-1";
            String b = "sameB" + suffix() + "-1";
            assertThat(oppositeOrders(a, b, false)).containsExactlyInAnyOrder("committed", "40P01");
        }

        @Test
        void with_the_write_lock_set_to_store_the_same_transactions_queue_and_both_commit() throws Exception {
            String a = "queueA" + suffix() + "-1";
            String b = "queueB" + suffix() + "-1";
            assertThat(oppositeOrders(a, b, true)).containsExactly("committed", "committed");
        }

        /**
         * The first transaction writes stream a; the second writes b, then a; the first then writes b. Returns each
         * transaction's outcome, "committed" or the SQLSTATE of its failure.
         */
        private static List<String> oppositeOrders(String a, String b, boolean storeLock) throws Exception {
            ExecutorService thread = Executors.newSingleThreadExecutor();
            try (Connection first = TestDatabases.connect(database); Connection second = TestDatabases.connect(database)) {
                for (Connection connection : List.of(first, second)) {
                    connection.setAutoCommit(false);
                    if (storeLock) {
                        try (Statement statement = connection.createStatement()) {
                            statement.execute("SET message_store.write_lock = 'store'");
                        }
                    }
                }
                writeMessage(first, a);
                int secondPid = pid(second);
                CountDownLatch started = new CountDownLatch(1);
                Future<String> other = thread.submit(() -> {
                    started.countDown();
                    return outcome(second, () -> {
                        writeMessage(second, b);
                        writeMessage(second, a);
                    });
                });
                started.await();
                awaitWaitingForLock(secondPid);
                String firstOutcome = outcome(first, () -> writeMessage(first, b));
                return List.of(firstOutcome, other.get(30, TimeUnit.SECONDS));
            } finally {
                thread.shutdownNow();
            }
        }

        @FunctionalInterface
        private interface Writes {
            void run() throws SQLException;
        }

        private static String outcome(Connection connection, Writes writes) throws SQLException {
            try {
                writes.run();
                connection.commit();
                return "committed";
            } catch (SQLException e) {
                connection.rollback();
                return e.getSQLState();
            }
        }

        private static List<String> streamsInGlobalOrder(String a, String b) throws SQLException {
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
                return order;
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

    /** Returns once the session is blocked on a lock (a stream's or the store's); no sleeping guesswork. */
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
