package io.microlith.message;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageJsonTest {

    @Test
    void a_message_reads_back_whole() {
        Metadata metadata = Metadata.EMPTY.withCorrelationId("c-1");
        Message message = new Message(UUID.randomUUID(), StreamName.of("account-7"), "Deposited", 3, 42,
                Instant.parse("2026-12-04T10:15:30.123456Z"), "{\"amount\":10}", metadata);

        Message read = MessageJson.read(MessageJson.write(message));

        assertThat(read).isEqualTo(message);
    }

    @Test
    void the_data_reads_back_as_stored_character_for_character() {
        String data = "{\"price\":2.50,\"big\":12345678901234567890.10,\"text\":\"a\\u00e9\"}";
        Message message = new Message(UUID.randomUUID(), StreamName.of("product-7"), "ProductAdded", 0, 5,
                Instant.parse("2026-12-04T10:15:30Z"), data, Metadata.EMPTY);

        assertThat(MessageJson.read(MessageJson.write(message)).data()).isEqualTo(data);
    }

    @Test
    void a_message_without_metadata_reads_back_with_empty_metadata() {
        Message message = new Message(UUID.randomUUID(), StreamName.of("account-7"), "Opened", 0, 1,
                Instant.parse("2026-12-04T10:15:30Z"), "{}", Metadata.EMPTY);

        assertThat(MessageJson.read(MessageJson.write(message)).metadata()).isEqualTo(Metadata.EMPTY);
    }

    @Test
    void a_document_missing_a_field_is_refused_naming_it() {
        assertThatThrownBy(() -> MessageJson.read("{\"id\":\"" + UUID.randomUUID() + "\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'streamName'");
        assertThatThrownBy(() -> MessageJson.read("[1]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON object");
    }
}
