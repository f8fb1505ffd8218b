package io.microlith.postgres;

import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.ExpectedVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The role message_store may read and append messages, and nothing else. */
class ApplicationRoleTest {
    private static String database;

    @BeforeAll
    static void install() {
        database = TestDatabases.create("role");
        PostgresMessageStore.open(TestDatabases.settings(database)).close();
    }

    @Test
    void writes_and_reads_through_the_store_with_the_schema_validated() {
        try (PostgresMessageStore store = PostgresMessageStore.open(TestDatabases.settings(database)
                .withUser("message_store").withSchemaMode(SchemaMode.VALIDATE))) {
            StreamName stream = StreamName.of("role", "1");
            store.write(stream, NewMessage.of("Written", "{}"), ExpectedVersion.noStream());
            assertThat(store.readStream(stream, 0)).hasSize(1);
        }
    }

    @Test
    void calls_write_message_with_its_default_search_path() throws SQLException {
        try (Connection connection = asApplicationRole(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT write_message('" + UUID.randomUUID() + "', 'role-2', 'Written', '{}')");
            try (var rs = statement.executeQuery("SELECT count(*) FROM get_stream_messages('role-2')")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void may_not_update_delete_or_truncate_messages() throws SQLException {
        try (Connection connection = asApplicationRole(); Statement statement = connection.createStatement()) {
            for (String sql : new String[] {"UPDATE message_store.messages SET type = 'Changed'",
                    "DELETE FROM message_store.messages", "TRUNCATE message_store.messages"}) {
                assertThatThrownBy(() -> statement.execute(sql)).as(sql)
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            }
        }
    }

    @Test
    void may_not_install_the_schema() {
        String empty = TestDatabases.create("roleinstall");
        assertThatThrownBy(() -> PostgresMessageStore.open(TestDatabases.settings(empty).withUser("message_store")))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("Installing the message store schema in database " + empty + " failed, nothing was changed")
                .hasMessageContaining("permission denied");
    }

    private static Connection asApplicationRole() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "message_store");
        return DriverManager.getConnection("jdbc:postgresql://" + TestDatabases.HOST + ":" + TestDatabases.PORT + "/" + database, properties);
    }
}
