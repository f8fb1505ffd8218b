package io.microlith.postgres;

import io.microlith.store.MessageStore;
import io.microlith.testkit.tck.NoSkipContract;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Shows that the TCK's no-skip proof can fail: the same PostgreSQL store with message-db's scheme put back (a lock
 * per category, taken by writers, and no read fence: decision 0099's readers switched off) fails
 * {@link NoSkipContract}'s proof, with writes spread over several categories by eight connections: a transaction of
 * one category draws a lower global position and commits after another category's higher one, which the reader of
 * the whole store has already passed. A reviewer's question ("would message-db's locking pass unchanged?"),
 * answered by a test. {@code FenceOffFailsNoSkipTest} takes only the fence away.
 */
class PerCategoryLockFailsNoSkipTest {
    /** write_batch's locks (store, streams, in-flight registry), replaced by a lock per category written, in order. */
    private static final String MICROLITH_LOCKS_START = "  PERFORM pg_catalog.pg_advisory_xact_lock_shared(1296845140, 1);";
    private static final String MICROLITH_LOCKS_END = "  PERFORM message_store.publish_write();\n";
    private static final String LOCK_PER_CATEGORY = """
              PERFORM pg_catalog.pg_advisory_xact_lock(message_store.hash_64(c.category))
                FROM (SELECT DISTINCT message_store.category(s) AS category FROM unnest(write_streams) s
                      ORDER BY 1) c;
            """;

    @Test
    void a_store_that_locks_per_category_fails_the_no_skip_proof() throws Exception {
        TestDatabases.requireServer();
        String database = TestDatabases.create("percategory");
        List<PostgresMessageStore> stores = new ArrayList<>();
        try {
            PostgresMessageStore reader = PostgresMessageStore.open(TestDatabases.settings(database).withPoolSize(4));
            stores.add(reader);
            lockPerCategory(database);
            SchemaSurgery.switchTheFenceOff(database);
            List<PostgresMessageStore> writers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                writers.add(PostgresMessageStore.open(TestDatabases.settings(database).withPoolSize(1)));
            }
            stores.addAll(writers);
            MessageStore store = new WritesElsewhereStore(new RoundRobinWriter(writers), reader);

            assertThatThrownBy(() -> NoSkipContract.proveNoReaderSkips(store, Duration.ofSeconds(3)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("reader of all skipped")
                    .satisfies(failure -> System.out.println("Per-category lock, as expected: " + failure.getMessage()));
        } finally {
            stores.forEach(PostgresMessageStore::close);
        }
    }

    /** Puts message-db's per-category locking back: in write_message, in write_batch, and no statement trigger. */
    private static void lockPerCategory(String database) throws SQLException, IOException {
        String writeBatch = SchemaSurgery.resource("schema/functions/write-batch.sql");
        int start = writeBatch.indexOf(MICROLITH_LOCKS_START);
        int end = writeBatch.indexOf(MICROLITH_LOCKS_END);
        assertThat(start).as("write_batch takes the locks this test replaces").isPositive();
        assertThat(end).as("write_batch enters the in-flight registry").isGreaterThan(start);
        writeBatch = writeBatch.substring(0, start) + LOCK_PER_CATEGORY + writeBatch.substring(end + MICROLITH_LOCKS_END.length());
        try (Connection connection = TestDatabases.connect(database); Statement sql = connection.createStatement()) {
            sql.execute("""
                    CREATE OR REPLACE FUNCTION message_store.acquire_lock(stream_name varchar)
                    RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
                    DECLARE
                      lock_id bigint := message_store.hash_64(message_store.category(acquire_lock.stream_name));
                    BEGIN
                      PERFORM pg_catalog.pg_advisory_xact_lock(lock_id);
                      RETURN lock_id;
                    END;
                    $$""");
            sql.execute(writeBatch);
            sql.execute("DROP TRIGGER messages_lock_writes ON message_store.messages");
        }
    }
}
