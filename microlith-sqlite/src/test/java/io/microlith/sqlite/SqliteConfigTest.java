package io.microlith.sqlite;

import io.microlith.message.MessageLimits;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteConfigTest {

    @Test
    void parses_a_relative_path_with_the_defaults() {
        SqliteConfig config = SqliteConfig.parse("sqlite:./data/microlith.db");
        assertThat(config.path()).isEqualTo(Path.of("./data/microlith.db"));
        assertThat(config.durability()).isEqualTo(Durability.NORMAL);
        assertThat(config.readConnections()).isEqualTo(SqliteConfig.DEFAULT_READ_CONNECTIONS);
        assertThat(config.maxMessageBytes()).isEqualTo(MessageLimits.DEFAULT_MAX_MESSAGE_BYTES);
    }

    @Test
    void parses_the_largest_message_size() {
        assertThat(SqliteConfig.parse("sqlite:a.db?maxMessageBytes=4194304").maxMessageBytes()).isEqualTo(4 << 20);
        assertThatThrownBy(() -> SqliteConfig.parse("sqlite:a.db?maxMessageBytes=16383")).hasMessageContaining("between 16384");
        assertThatThrownBy(() -> SqliteConfig.parse("sqlite:a.db?maxMessageBytes=33554432"))
                .hasMessageContaining("and 16777216");
        assertThatThrownBy(() -> SqliteConfig.parse("sqlite:a.db?maxMessageBytes=big")).hasMessageContaining("must be a number");
    }

    @Test
    void parses_an_absolute_path_and_options() {
        SqliteConfig config = SqliteConfig.parse("sqlite:///var/lib/app/store.db?durability=STRICT&readers=2");
        assertThat(config.path()).isEqualTo(Path.of("/var/lib/app/store.db"));
        assertThat(config.durability()).isEqualTo(Durability.STRICT);
        assertThat(config.readConnections()).isEqualTo(2);
    }

    @Test
    void rejects_another_scheme_an_empty_path_memory_and_unknown_options() {
        assertThatThrownBy(() -> SqliteConfig.parse("postgresql://localhost/x")).hasMessageContaining("sqlite:<path>");
        assertThatThrownBy(() -> SqliteConfig.parse("sqlite:")).hasMessageContaining("needs a file path");
        assertThatThrownBy(() -> SqliteConfig.parse("sqlite::memory:")).hasMessageContaining("InMemoryMessageStore");
        assertThatThrownBy(() -> SqliteConfig.parse("sqlite:a.db?fsync=yes")).hasMessageContaining("Unknown option 'fsync'");
        assertThatThrownBy(() -> SqliteConfig.parse("sqlite:a.db?durability=maybe")).hasMessageContaining("'normal' or 'strict'");
        assertThatThrownBy(() -> SqliteConfig.parse("sqlite:a.db?readers=0")).hasMessageContaining("at least 1");
    }
}
