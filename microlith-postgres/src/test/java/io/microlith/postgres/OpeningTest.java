package io.microlith.postgres;

import io.microlith.store.MessageStoreException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Opening fails at once with a message that says what is wrong; installing is safe to repeat and to race. */
class OpeningTest {

    @Nested
    class Fails_clearly_when {

        @Test
        void the_server_cannot_be_reached() {
            // Port 1 on the loopback address: nothing listens there, the connection is refused at once.
            assertThatThrownBy(() -> PostgresMessageStore.open("postgresql://postgres@127.0.0.1:1/microlith"))
                    .isInstanceOf(MessageStoreException.class)
                    .hasMessageContaining("Cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/microlith as postgres")
                    .hasMessageContaining("refused");
        }

        @Test
        void the_database_does_not_exist() {
            TestDatabases.requireServer();
            assertThatThrownBy(() -> PostgresMessageStore.open(TestDatabases.settings("microlith_no_such_database")))
                    .isInstanceOf(MessageStoreException.class)
                    .hasMessageContaining("microlith_no_such_database")
                    .hasMessageContaining("does not exist");
        }

        @Test
        void the_schema_is_missing_and_must_not_be_installed() {
            String database = TestDatabases.create("noschema");
            assertThatThrownBy(() -> PostgresMessageStore.open(TestDatabases.settings(database).withSchemaMode(SchemaMode.VALIDATE)))
                    .isInstanceOf(SchemaException.class)
                    .hasMessageContaining("Database " + database + " has no message store schema")
                    .hasMessageContaining("schema=install");
        }

        @Test
        void the_schema_is_of_a_newer_version() throws Exception {
            String database = TestDatabases.create("newer");
            PostgresMessageStore.open(TestDatabases.settings(database)).close();
            execute(database, "INSERT INTO message_store.microlith_schema (version, description) VALUES (99, 'from the future')");

            assertThatThrownBy(() -> PostgresMessageStore.open(TestDatabases.settings(database)))
                    .isInstanceOf(SchemaException.class)
                    .hasMessageContaining("schema version 99, newer than this Microlith's version " + PostgresSchema.VERSION);
            assertThatThrownBy(() -> PostgresMessageStore.open(TestDatabases.settings(database).withSchemaMode(SchemaMode.VALIDATE)))
                    .isInstanceOf(SchemaException.class)
                    .hasMessageContaining("newer");
        }

        @Test
        void a_message_db_install_of_another_version_is_found_and_nothing_is_changed() throws Exception {
            String database = TestDatabases.create("olddb");
            execute(database, "CREATE SCHEMA message_store");
            execute(database, "CREATE TABLE message_store.messages (global_position bigserial PRIMARY KEY, position bigint, "
                    + "time timestamp, stream_name text, type text, data jsonb, metadata jsonb, id uuid)");
            execute(database, "CREATE FUNCTION message_store.message_store_version() RETURNS varchar LANGUAGE sql AS $$ SELECT '1.2.6'::varchar $$");

            assertThatThrownBy(() -> PostgresMessageStore.open(TestDatabases.settings(database)))
                    .isInstanceOf(SchemaException.class)
                    .hasMessageContaining("from message-db 1.2.6; Microlith adopts message-db 1.3.0 only")
                    .hasMessageContaining("Nothing was changed");
            assertThat(query(database, "SELECT to_regclass('message_store.microlith_schema') IS NULL")).isEqualTo("t");
        }
    }

    @Nested
    class Installs {

        @Test
        void once_when_four_processes_open_the_same_new_database_at_the_same_moment() throws Exception {
            String database = TestDatabases.create("race");
            ExecutorService threads = Executors.newFixedThreadPool(4);
            CountDownLatch go = new CountDownLatch(1);
            try {
                List<Future<SchemaStatus>> installs = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    installs.add(threads.submit(() -> {
                        try (Connection connection = TestDatabases.connect(database)) {
                            go.await();
                            return PostgresSchema.install(connection);
                        }
                    }));
                }
                go.countDown();
                for (Future<SchemaStatus> install : installs) {
                    assertThat(install.get(2, TimeUnit.MINUTES).isCurrent()).isTrue();
                }
            } finally {
                threads.shutdownNow();
            }
            // one row per schema version, each written once
            assertThat(query(database, "SELECT count(*) || ' ' || string_agg(description, ',') FROM message_store.microlith_schema"))
                    .isEqualTo(PostgresSchema.VERSION + " " + String.join(",", java.util.Collections.nCopies(PostgresSchema.VERSION, "installed")));
        }

        @Test
        void upgrades_a_version_1_database_with_the_tag_index_and_keeps_its_messages() throws Exception {
            String database = TestDatabases.create("upgrade");
            try (PostgresMessageStore store = PostgresMessageStore.open(TestDatabases.settings(database))) {
                store.write(io.microlith.message.StreamName.of("product", "1"), io.microlith.message.NewMessage.of("Added", "{}",
                        io.microlith.message.Metadata.EMPTY.withTags("product-name:tea")));
            }
            execute(database, "DROP INDEX message_store.messages_tags");
            execute(database, "DELETE FROM message_store.microlith_schema WHERE version > 1");

            try (PostgresMessageStore store = PostgresMessageStore.open(TestDatabases.settings(database))) {
                assertThat(store.readMatching(io.microlith.store.MessageQuery.tagged("product-name:tea"), 1, 10)).hasSize(1);
            }
            assertThat(query(database, "SELECT count(*) FROM pg_indexes WHERE indexname = 'messages_tags'")).isEqualTo("1");
            assertThat(query(database, "SELECT description FROM message_store.microlith_schema WHERE version = 2"))
                    .isEqualTo("upgraded from version 1");
        }

        @Test
        void again_without_changing_anything() throws Exception {
            String database = TestDatabases.create("twice");
            PostgresMessageStore.open(TestDatabases.settings(database)).close();
            String before = query(database, "SELECT applied_at::text FROM message_store.microlith_schema");

            try (Connection connection = TestDatabases.connect(database)) {
                assertThat(PostgresSchema.install(connection).isCurrent()).isTrue();
            }

            assertThat(query(database, "SELECT applied_at::text FROM message_store.microlith_schema")).isEqualTo(before);
        }

        @Test
        void from_the_command_line_and_reports_the_status() throws Exception {
            String database = TestDatabases.create("command");
            String url = "postgresql://" + TestDatabases.USER + "@" + TestDatabases.HOST + ":" + TestDatabases.PORT + "/" + database;
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();

            assertThat(PostgresSchemaCommand.run(new String[] {"status", url}, new java.io.PrintStream(out), new java.io.PrintStream(err))).isEqualTo(1);
            assertThat(PostgresSchemaCommand.run(new String[] {"install", url}, new java.io.PrintStream(out), new java.io.PrintStream(err))).isZero();
            assertThat(PostgresSchemaCommand.run(new String[] {"status", url}, new java.io.PrintStream(out), new java.io.PrintStream(err))).isZero();
            assertThat(PostgresSchemaCommand.run(new String[] {"frobnicate"}, new java.io.PrintStream(out), new java.io.PrintStream(err))).isEqualTo(2);

            assertThat(out.toString()).contains(database + ": no message store schema")
                    .contains(database + ": Microlith schema version " + PostgresSchema.VERSION);
            assertThat(err.toString()).contains("Usage:");
        }
    }

    static void execute(String database, String sql) throws Exception {
        try (Connection connection = TestDatabases.connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static String queryQuietly(Connection connection, String sql) throws java.sql.SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static String query(String database, String sql) throws Exception {
        try (Connection connection = TestDatabases.connect(database); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
