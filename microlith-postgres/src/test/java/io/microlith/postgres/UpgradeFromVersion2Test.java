package io.microlith.postgres;

import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database of schema version 2 (the store-wide write lock of decision 0020: writers commit one at a time) is
 * upgraded in place to version 3 (decision 0099): messages kept, writers of different streams no longer wait for
 * each other, and readers stop at the read fence. The version-2 functions are the files as released
 * (test resources {@code schema-v2/}), put back over a fresh install.
 */
class UpgradeFromVersion2Test {

    @Test
    void upgrades_a_version_2_database_to_concurrent_writers_and_fenced_readers() throws Exception {
        String database = TestDatabases.create("upgradev2");
        try (PostgresMessageStore store = PostgresMessageStore.open(TestDatabases.settings(database))) {
            store.write(StreamName.of("before", "1"), NewMessage.of("Written", "{}"));
        }
        downgradeToVersion2(database);
        assertThat(OpeningTest.query(database, "SELECT to_regprocedure('message_store.read_fence()') IS NULL")).isEqualTo("t");

        try (PostgresMessageStore store = PostgresMessageStore.open(TestDatabases.settings(database))) {
            assertThat(OpeningTest.query(database, "SELECT description FROM message_store.microlith_schema WHERE version = 3"))
                    .isEqualTo("upgraded from version 2");
            assertThat(store.readCategory("before", 0, 10)).hasSize(1);

            try (Connection open = TestDatabases.connect(database); Connection other = TestDatabases.connect(database)) {
                open.setAutoCommit(false);
                writeMessage(open, "slow-1");
                // Under version 2 this would wait for the open transaction (one store-wide lock); now it commits.
                other.setAutoCommit(true);
                try (Statement statement = other.createStatement()) {
                    statement.execute("SET lock_timeout = '5s'");
                }
                writeMessage(other, "fast-1");
                // Committed above the open transaction's position: fenced until that one ends.
                assertThat(store.readCategory("fast", 0, 10)).isEmpty();
                open.commit();
                assertThat(store.readCategory("fast", 0, 10)).hasSize(1);
                assertThat(store.readAll(0, 10)).extracting(m -> m.streamName().value())
                        .containsExactly("before-1", "slow-1", "fast-1");
            }
        }
    }

    /** Puts the released version-2 functions back and forgets version 3, as a version-2 install looks. */
    private static void downgradeToVersion2(String database) throws SQLException, IOException {
        try (Connection connection = TestDatabases.connect(database); Statement sql = connection.createStatement()) {
            for (String file : new String[] {"acquire-lock", "lock-writes", "write-message", "write-batch", "get-category-messages"}) {
                sql.execute(resource("schema-v2/" + file + ".sql"));
            }
            sql.execute("DROP FUNCTION message_store.read_fence()");
            sql.execute("DROP FUNCTION message_store.publish_write()");
            sql.execute("DROP FUNCTION message_store.lock_store()");
            sql.execute("DELETE FROM message_store.microlith_schema WHERE version > 2");
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

    private static String resource(String path) throws IOException {
        try (InputStream in = UpgradeFromVersion2Test.class.getResourceAsStream(path)) {
            assertThat(in).as("resource %s", path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
