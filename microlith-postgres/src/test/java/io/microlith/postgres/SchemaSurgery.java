package io.microlith.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Changes to an installed schema that take one of its safeguards away, for tests that show the safeguard is needed
 * (the no-skip proof fails without it).
 */
final class SchemaSurgery {
    private SchemaSurgery() {
    }

    /**
     * Switches the read fence off: {@code read_fence()} returns the sequence's next value and ignores the writers in
     * flight, so readers by global position (the Java store's and {@code get_category_messages}) read everything
     * committed.
     */
    static void switchTheFenceOff(String database) throws SQLException {
        try (Connection connection = TestDatabases.connect(database); Statement sql = connection.createStatement()) {
            sql.execute("""
                    CREATE OR REPLACE FUNCTION message_store.read_fence()
                    RETURNS bigint LANGUAGE sql VOLATILE AS $$
                      SELECT CASE WHEN s.is_called THEN s.last_value + 1 ELSE s.last_value END
                      FROM message_store.messages_global_position_seq s
                    $$""");
        }
    }

    /** A schema file as installed, from the store's resources. */
    static String resource(String path) throws IOException {
        try (InputStream in = PostgresMessageStore.class.getResourceAsStream(path)) {
            assertThat(in).as("resource %s", path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
