package io.microlith.postgres;

import io.microlith.store.MessageStore;
import io.microlith.message.Metadata;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.AppendCondition;
import io.microlith.store.AppendConditionFailedException;
import io.microlith.store.MessageQuery;
import io.microlith.testkit.tck.AppendConditionContract;
import io.microlith.testkit.tck.DuplicateIdContract;
import io.microlith.testkit.tck.ExpectedVersionContract;
import io.microlith.testkit.tck.MultiStreamContract;
import io.microlith.testkit.tck.NoSkipContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TCK's write-side checks, concurrency ones included, with every write executed by a PostgreSQL store
 * in another JVM process ({@link WriterProcess}), and every read and notification by this process's store:
 * live readers here must see, in order and without a gap, what the other process commits; eight racing
 * writers there get exactly one winner per expected version. Append conditions likewise, and writers of both
 * processes racing one condition get exactly one winner.
 */
class SeparateProcessTckTest {
    private static PostgresMessageStore reader;
    private static ProcessWriter writer;
    private static MessageStore store;

    @BeforeAll
    static void open() {
        TestDatabases.requireServer();
        String database = TestDatabases.create("process");
        reader = PostgresMessageStore.open(TestDatabases.settings(database).withPoolSize(4));
        writer = new ProcessWriter("postgresql://" + TestDatabases.USER + "@" + TestDatabases.HOST + ":"
                + TestDatabases.PORT + "/" + database);
        store = new WritesElsewhereStore(writer, reader);
    }

    @AfterAll
    static void close() {
        if (writer != null) {
            writer.close();
        }
        if (reader != null) {
            reader.close();
        }
    }

    @Test
    void writes_in_another_operating_system_process() {
        assertThat(writer.pid()).isNotEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void of_writers_in_two_processes_racing_one_append_condition_exactly_one_wins() throws Exception {
        for (int round = 0; round < 10; round++) {
            String tag = "unique-name:" + java.util.UUID.randomUUID();
            AppendCondition free = AppendCondition.noneMatching(MessageQuery.tagged(tag));
            java.util.concurrent.CyclicBarrier go = new java.util.concurrent.CyclicBarrier(8);
            java.util.concurrent.atomic.AtomicInteger wins = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
            try (var threads = java.util.concurrent.Executors.newFixedThreadPool(8)) {
                for (int w = 0; w < 8; w++) {
                    MessageStore writerOf = w % 2 == 0 ? store : reader;
                    StreamName stream = StreamName.of("claim", round + "x" + w);
                    threads.submit(() -> {
                        go.await();
                        try {
                            writerOf.write(stream, java.util.List.of(NewMessage.of("Claimed", "{}",
                                    Metadata.EMPTY.withTags(tag))), free);
                            wins.incrementAndGet();
                        } catch (AppendConditionFailedException e) {
                            refused.incrementAndGet();
                        }
                        return null;
                    });
                }
            }
            assertThat(wins.get()).as("winners of round %d", round).isEqualTo(1);
            assertThat(refused.get()).isEqualTo(7);
            assertThat(reader.readMatching(MessageQuery.tagged(tag), 1, 10)).hasSize(1);
        }
    }

    @Nested
    class AppendConditions extends AppendConditionContract {
        @Override
        protected MessageStore store() {
            return store;
        }
    }

    @Nested
    class NoReaderSkips extends NoSkipContract {
        @Override
        protected MessageStore store() {
            return store;
        }
    }

    @Nested
    class ExpectedVersions extends ExpectedVersionContract {
        @Override
        protected MessageStore store() {
            return store;
        }
    }

    @Nested
    class DuplicateIds extends DuplicateIdContract {
        @Override
        protected MessageStore store() {
            return store;
        }
    }

    @Nested
    class MultiStreamWrites extends MultiStreamContract {
        @Override
        protected MessageStore store() {
            return store;
        }
    }
}
