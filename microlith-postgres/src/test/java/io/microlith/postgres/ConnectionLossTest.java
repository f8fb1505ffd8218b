package io.microlith.postgres;

import io.microlith.message.Message;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.WriteResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transient loss of the connection is retried, and an acknowledged write is never lost or stored twice.
 */
class ConnectionLossTest {
    private static final int WRITES = 100;
    private static String database;

    @BeforeAll
    static void database() {
        database = TestDatabases.create("connectionloss");
        PostgresMessageStore.open(TestDatabases.settings(database)).close();
    }

    @Nested
    class When_the_answer_to_a_committed_write_is_lost {
        private static AckDroppingProxy proxy;
        private static PostgresMessageStore store;

        @BeforeAll
        static void open() throws Exception {
            proxy = new AckDroppingProxy(TestDatabases.HOST, TestDatabases.PORT);
            store = PostgresMessageStore.open(PostgresSettings.parse("postgresql://" + TestDatabases.USER + "@127.0.0.1:"
                    + proxy.port() + "/" + database + "?sslmode=disable").withPoolSize(1));
        }

        @AfterAll
        static void close() throws Exception {
            store.close();
            proxy.close();
        }

        @Test
        void the_retry_reports_the_stored_write_as_written_and_stores_it_once() {
            StreamName stream = StreamName.of("lostAck" + suffix(), "1");
            NewMessage message = NewMessage.of("Written", "{\"n\":1}");
            int droppedBefore = proxy.dropped();
            proxy.arm();

            WriteResult result = store.write(stream, message, ExpectedVersion.noStream());

            assertThat(proxy.dropped()).as("answers dropped").isEqualTo(droppedBefore + 1);
            assertThat(result.version()).isZero();
            List<Message> stored = store.readStream(stream, 0);
            assertThat(stored).extracting(Message::id).containsExactly(message.id());
            assertThat(result.lastGlobalPosition()).isEqualTo(stored.get(0).globalPosition());
        }

        @Test
        void a_batch_with_an_expected_version_is_not_reported_as_a_conflict_with_itself() {
            StreamName stream = StreamName.of("lostAckBatch" + suffix(), "1");
            store.write(stream, NewMessage.of("First", "{}"));
            List<NewMessage> batch = List.of(NewMessage.of("A", "{}"), NewMessage.of("B", "{}"), NewMessage.of("C", "{}"));
            proxy.arm();

            WriteResult result = store.write(stream, batch, ExpectedVersion.exactly(0));

            assertThat(proxy.dropped()).isPositive();
            assertThat(result.firstPosition()).isEqualTo(1);
            assertThat(result.version()).isEqualTo(3);
            assertThat(store.readStream(stream, 0)).extracting(Message::type).containsExactly("First", "A", "B", "C");
        }
    }

    @Nested
    class With_pipelined_commits_when_an_answer_is_lost {
        private static AckDroppingProxy proxy;
        private static PostgresMessageStore store;

        @BeforeAll
        static void open() throws Exception {
            proxy = new AckDroppingProxy(TestDatabases.HOST, TestDatabases.PORT);
            store = PostgresMessageStore.open(PostgresSettings.parse("postgresql://" + TestDatabases.USER + "@127.0.0.1:"
                    + proxy.port() + "/" + database + "?sslmode=disable&commit=pipelined").withPoolSize(2));
        }

        @AfterAll
        static void close() throws Exception {
            store.close();
            proxy.close();
        }

        @Test
        void the_answer_to_the_write_the_write_is_reported_written_once() {
            StreamName stream = StreamName.of("pipelinedWrite" + suffix(), "1");
            NewMessage message = NewMessage.of("Written", "{}");
            int droppedBefore = proxy.dropped();
            proxy.arm();

            WriteResult result = store.write(stream, message, ExpectedVersion.noStream());

            assertThat(proxy.dropped()).isEqualTo(droppedBefore + 1);
            assertThat(result.version()).isZero();
            assertThat(store.readStream(stream, 0)).extracting(Message::id).containsExactly(message.id());
        }

        @Test
        void the_answer_to_the_flush_barrier_the_write_is_reported_written_once() {
            StreamName stream = StreamName.of("pipelinedBarrier" + suffix(), "1");
            List<NewMessage> batch = List.of(NewMessage.of("A", "{}"), NewMessage.of("B", "{}"));
            int droppedBefore = proxy.dropped();
            proxy.arm(1);

            WriteResult result = store.write(stream, batch, ExpectedVersion.noStream());

            assertThat(proxy.dropped()).isEqualTo(droppedBefore + 1);
            assertThat(result.version()).isEqualTo(1);
            assertThat(store.readStream(stream, 0)).extracting(Message::type).containsExactly("A", "B");
        }
    }

    @Nested
    class When_the_server_terminates_connections_during_writes {

        @Test
        void every_write_succeeds_once_and_every_acknowledged_message_is_stored_once() throws Exception {
            String category = "terminated" + suffix();
            String application = "microlith-loss-" + suffix();
            Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger terminated = new AtomicInteger();
            ExecutorService threads = Executors.newCachedThreadPool();
            try (PostgresMessageStore store = PostgresMessageStore.open(TestDatabases.settings(database).withPoolSize(3)
                    .withApplicationName(application).withRetryFor(Duration.ofSeconds(60)))) {
                Future<?> killer = threads.submit(() -> {
                    try (Connection admin = TestDatabases.admin();
                         PreparedStatement kill = admin.prepareStatement(
                                 "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?")) {
                        kill.setString(1, application);
                        while (writing.get()) {
                            try (ResultSet rs = kill.executeQuery()) {
                                rs.next();
                                terminated.addAndGet(rs.getInt(1));
                            }
                            Thread.sleep(100);
                        }
                    }
                    return null;
                });
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    int writer = w;
                    writers.add(threads.submit(() -> {
                        for (int i = 0; i < WRITES; i++) {
                            List<NewMessage> batch = List.of(NewMessage.of("Written", "{\"i\":" + i + "}"),
                                    NewMessage.of("Written", "{\"i\":" + i + "}"));
                            store.write(StreamName.of(category, Integer.toString(writer)), batch, ExpectedVersion.exactly(2L * i - 1));
                            batch.forEach(m -> acknowledged.add(m.id()));
                        }
                        return null;
                    }));
                }
                for (Future<?> writer : writers) {
                    writer.get(3, TimeUnit.MINUTES);
                }
                writing.set(false);
                killer.get(1, TimeUnit.MINUTES);

                assertThat(terminated.get()).as("connections terminated while writing").isPositive();
                List<Message> stored = new ArrayList<>();
                long next = 0;
                List<Message> batch;
                while (!(batch = store.readCategory(category, next, 1000)).isEmpty()) {
                    stored.addAll(batch);
                    next = batch.get(batch.size() - 1).globalPosition() + 1;
                }
                Set<UUID> ids = new HashSet<>();
                stored.forEach(m -> ids.add(m.id()));
                assertThat(stored).hasSize(4 * 2 * WRITES);
                assertThat(ids).isEqualTo(acknowledged);
                for (int w = 0; w < 4; w++) {
                    assertThat(store.streamVersion(StreamName.of(category, Integer.toString(w)))).isEqualTo(2L * WRITES - 1);
                }
            } finally {
                writing.set(false);
                threads.shutdownNow();
            }
        }
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
