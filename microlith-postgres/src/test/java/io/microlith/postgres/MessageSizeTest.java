package io.microlith.postgres;

import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.MessageTooLargeException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store takes messages up to its configured maximum ({@code maxMessageBytes}); the TCK proves the default. */
class MessageSizeTest {

    @Test
    void takes_messages_up_to_the_configured_maximum_and_refuses_larger_ones_writing_nothing() {
        String database = TestDatabases.create("maxsize");
        StreamName stream = StreamName.of("blob", "1");
        String big = "\"" + "x".repeat(3 << 20) + "\"";
        PostgresSettings settings = TestDatabases.settings(database);
        try (PostgresMessageStore small = PostgresMessageStore.open(
                PostgresSettings.parse(settings.jdbcUrl().substring("jdbc:".length()) + "?user=" + settings.user()
                        + "&maxMessageBytes=16384"));
             PostgresMessageStore large = PostgresMessageStore.open(settings.withMaxMessageBytes(4 << 20))) {
            assertThat(small.maxMessageBytes()).isEqualTo(16384);
            assertThatThrownBy(() -> small.write(stream, NewMessage.of("Big", "\"" + "x".repeat(16383) + "\"")))
                    .isInstanceOf(MessageTooLargeException.class).hasMessageContaining("16385 bytes");
            assertThat(small.streamVersion(stream)).isEqualTo(-1);

            large.write(stream, NewMessage.of("Big", big));
            assertThat(large.lastMessage(stream).orElseThrow().data()).isEqualTo(big);
        }
    }
}
