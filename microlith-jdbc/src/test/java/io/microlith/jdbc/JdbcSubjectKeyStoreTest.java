package io.microlith.jdbc;

import io.microlith.Microlith;
import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.privacy.CachingSubjectKeyStore;
import io.microlith.privacy.DataSubject;
import io.microlith.privacy.KeyStoreUnavailableException;
import io.microlith.privacy.PersonalData;
import io.microlith.store.memory.InMemoryMessageStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key table on SQLite and on PostgreSQL (decision 0086). */
class JdbcSubjectKeyStoreTest {
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String PG_DATABASE = "codec_keys_" + UUID.randomUUID().toString().substring(0, 8);
    private static boolean pgCreated;

    record Registered(@DataSubject String userId, @PersonalData String email) {
    }

    @TempDir
    Path dir;

    @Test
    void keeps_forgets_and_serves_keys_on_sqlite() throws Exception {
        exercise(() -> DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("keys.db")));
    }

    @Test
    void keeps_forgets_and_serves_keys_on_postgresql() throws Exception {
        exercise(postgres());
    }

    @Test
    void a_database_that_cannot_be_reached_is_a_loud_failure() {
        JdbcSubjectKeyStore keys = new JdbcSubjectKeyStore(() -> {
            throw new SQLException("connection refused");
        });
        assertThatThrownBy(() -> keys.find("u1")).isInstanceOf(KeyStoreUnavailableException.class)
                .hasMessageContaining("connection refused");
        assertThatThrownBy(() -> keys.findOrCreate("u1")).isInstanceOf(KeyStoreUnavailableException.class);
    }

    private static void exercise(ConnectionSource connections) throws SQLException {
        JdbcSubjectKeyStore keys = new JdbcSubjectKeyStore(connections);
        assertThat(keys.find("u1")).isEmpty();
        byte[] key = keys.findOrCreate("u1");
        assertThat(key).hasSize(32);
        assertThat(keys.findOrCreate("u1")).isEqualTo(key);
        assertThat(new JdbcSubjectKeyStore(connections).find("u1")).as("another process").contains(key);

        InMemoryMessageStore store = new InMemoryMessageStore();
        StreamName user = StreamName.of("user-u2");
        try (Microlith microlith = Microlith.create(config -> config.store(store)
                .personalData(new CachingSubjectKeyStore(keys, 100, Duration.ofMinutes(1))).register(Registered.class))) {
            microlith.store().write(user, microlith.types().toNewMessage(new Registered("u2", "ada@example.org")));
            Message stored = store.readStream(user, 0, 1).getFirst();
            assertThat(stored.data()).doesNotContain("ada@example.org");
            assertThat(microlith.types().decode(stored)).contains(new Registered("u2", "ada@example.org"));

            assertThat(keys.forget("u2")).isTrue();
            assertThat(keys.forget("u2")).isFalse();
            assertThat(new JdbcSubjectKeyStore(connections).find("u2")).isEmpty();
        }
        try (Microlith fresh = Microlith.create(config -> config.store(store).personalData(keys).register(Registered.class))) {
            assertThat(fresh.types().decode(store.readStream(user, 0, 1).getFirst())).contains(new Registered("u2", null));
        }
    }

    /** Connections to a database of this test run; skips (fails with CI=true) when the server is absent. */
    private static synchronized ConnectionSource postgres() {
        if (!pgCreated) {
            try (Connection admin = DriverManager.getConnection(PG + "postgres", "postgres", "");
                 Statement statement = admin.createStatement()) {
                statement.execute("CREATE DATABASE " + PG_DATABASE);
                pgCreated = true;
            } catch (SQLException e) {
                String message = "PostgreSQL at " + PG + " is not reachable (" + e.getMessage() + "); skipping";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    Assertions.fail("CI=true and " + message);
                }
                System.err.println("*** " + message);
                Assumptions.abort(message);
            }
        }
        return () -> DriverManager.getConnection(PG + PG_DATABASE, "postgres", "");
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        if (pgCreated) {
            try (Connection admin = DriverManager.getConnection(PG + "postgres", "postgres", "");
                 Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + PG_DATABASE + " WITH (FORCE)");
            }
        }
    }
}
