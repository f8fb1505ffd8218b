package io.microlith.message;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataJsonTest {

    @Test
    void writes_empty_metadata_as_null_and_reads_null_back_as_empty() {
        assertThat(MetadataJson.write(Metadata.EMPTY)).isNull();
        assertThat(MetadataJson.read(null)).isEqualTo(Metadata.EMPTY);
        assertThat(MetadataJson.read("{}")).isEqualTo(Metadata.EMPTY);
    }

    @Test
    void round_trips_every_field_with_eventide_key_names() {
        Metadata metadata = Metadata.correlated()
                .withCausation(new Causation(UUID.randomUUID(), StreamName.of("account:command-1"), 3, 99))
                .withCorrelationStreamName(StreamName.of("web-1"))
                .withReplyStreamName(StreamName.of("web:reply-1"))
                .withSchemaVersion("2")
                .withProperty("traceId", "t-1")
                .withProperty("list", List.of(1, 2));

        String json = MetadataJson.write(metadata);

        assertThat(json).contains("\"causationMessageStreamName\":\"account:command-1\"",
                "\"causationMessagePosition\":3", "\"causationMessageGlobalPosition\":99",
                "\"correlationStreamName\":\"web-1\"", "\"replyStreamName\":\"web:reply-1\"", "\"traceId\":\"t-1\"");
        assertThat(MetadataJson.read(json)).isEqualTo(metadata);
    }

    @Test
    void reads_metadata_written_by_other_clients_keeping_unknown_keys_as_properties() {
        Metadata read = MetadataJson.read("{\"correlationStreamName\":\"x-1\",\"userId\":\"u\",\"n\":1.5}");

        assertThat(read.correlationStreamName()).isEqualTo(StreamName.of("x-1"));
        assertThat(read.properties()).isEqualTo(Map.of("userId", "u", "n", 1.5));
    }

    @Test
    void refuses_metadata_that_is_not_an_object() {
        assertThatThrownBy(() -> MetadataJson.read("[1]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a JSON object");
    }

    @Test
    void refuses_a_user_property_that_reuses_a_reserved_key() {
        assertThatThrownBy(() -> Metadata.EMPTY.withProperty("correlationId", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    }

    @Test
    void a_following_message_copies_correlation_and_records_causation() {
        Message cause = new Message(UUID.randomUUID(), StreamName.of("account:command-1"), "Deposit", 4, 40,
                java.time.Instant.now(), "{}", Metadata.correlated().withReplyStreamName(StreamName.of("web-9")));

        Metadata following = Metadata.following(cause);

        assertThat(following.correlationId()).isEqualTo(cause.correlationId());
        assertThat(following.replyStreamName()).isEqualTo(StreamName.of("web-9"));
        assertThat(following.causation()).isEqualTo(new Causation(cause.id(), cause.streamName(), 4, 40));
    }
}
