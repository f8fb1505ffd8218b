package io.microlith.postgres;

import io.microlith.store.MessageStore;
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
 * writers there get exactly one winner per expected version.
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
