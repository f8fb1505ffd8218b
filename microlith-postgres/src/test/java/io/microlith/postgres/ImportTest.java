package io.microlith.postgres;

import io.microlith.message.Message;
import io.microlith.message.Metadata;
import io.microlith.message.StreamName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the TCK's import contract cannot see: message-db clients keep working after an import. */
class ImportTest {

    @BeforeAll
    static void server() {
        TestDatabases.requireServer();
    }

    @Test
    void a_message_db_client_writing_after_an_import_gets_a_global_position_above_it() throws SQLException {
        String database = TestDatabases.create("import");
        try (PostgresMessageStore store = PostgresMessageStore.open(TestDatabases.settings(database))) {
            StreamName stream = StreamName.of("imported", "1");
            store.importMessages(List.of(new Message(UUID.randomUUID(), stream, "Copied", 0, 41,
                    Instant.parse("2025-01-01T00:00:00.000001Z"), "{}", Metadata.EMPTY)));

            try (Connection connection = TestDatabases.connect(database);
                 PreparedStatement write = connection.prepareStatement(
                         "SELECT message_store.write_message(?, 'imported-1', 'Written', '{}'::jsonb, null, 0)");
                 PreparedStatement read = connection.prepareStatement(
                         "SELECT global_position, \"position\" FROM message_store.messages WHERE id = ?::uuid")) {
                String id = UUID.randomUUID().toString();
                write.setString(1, id);
                write.executeQuery().close();
                read.setString(1, id);
                try (ResultSet rs = read.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(42);
                    assertThat(rs.getLong(2)).isEqualTo(1);
                }
            }
        }
    }
}
