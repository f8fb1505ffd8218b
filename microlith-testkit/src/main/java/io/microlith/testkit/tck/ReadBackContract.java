package io.microlith.testkit.tck;

import io.microlith.message.Causation;
import io.microlith.message.Message;
import io.microlith.message.Metadata;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.WriteResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** An acknowledged message is read back identical, by stream, by category and from the whole store. */
public abstract class ReadBackContract extends StoreContract {

    @Test
    void reads_back_a_written_message_with_every_field_the_writer_chose() {
        StreamName stream = stream(uniqueCategory("readBack"), UUID.randomUUID());
        NewMessage written = message("Deposited", "{\"amount\":11,\"currency\":\"EUR\",\"tags\":[\"a\",null,true]}");
        Instant before = Instant.now().minusSeconds(5);

        WriteResult result = store().write(stream, written);

        List<Message> read = store().readStream(stream, 0);
        assertThat(read).hasSize(1);
        Message stored = read.get(0);
        assertStoredAs(stored, stream, written);
        assertThat(stored.position()).isZero();
        assertThat(stored.globalPosition()).isEqualTo(result.lastGlobalPosition()).isPositive();
        assertThat(stored.time()).isBetween(before, Instant.now().plus(Duration.ofSeconds(5)));
    }

    @Test
    void reads_back_metadata_with_correlation_causation_reply_schema_and_user_keys() {
        String category = uniqueCategory("meta");
        StreamName stream = stream(category, 1);
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("list", List.of(1, "two", false));
        nested.put("none", null);
        Metadata metadata = Metadata.EMPTY
                .withCorrelationId(UUID.randomUUID().toString())
                .withCausation(new Causation(UUID.randomUUID(), StreamName.of("other:command-9"), 4, 77))
                .withCorrelationStreamName(StreamName.of("web-42"))
                .withReplyStreamName(StreamName.of("web:reply-42"))
                .withSchemaVersion("2")
                .withProperty("userId", "u-1")
                .withProperty("attempt", 3)
                .withProperty("nested", nested);
        NewMessage written = message(1, metadata);

        store().write(stream, written);

        assertStoredAs(store().readStream(stream, 0).get(0), stream, written);
        assertStoredAs(store().readCategory(category, 0, 10).get(0), stream, written);
    }

    @Test
    void reads_back_unicode_text_and_escapes_unchanged() {
        StreamName stream = stream(uniqueCategory("unicode"), "ü-1");
        String data = "{\"text\":\"Grüße, 日本語, emoji 🎉, quote \\\" backslash \\\\ tab \\t newline \\n\"}";
        NewMessage written = new NewMessage(UUID.randomUUID(), "Grüßt", data,
                Metadata.EMPTY.withProperty("ключ", "значение ✓"));

        store().write(stream, written);

        assertStoredAs(store().readStream(stream, 0).get(0), stream, written);
    }

    @Test
    void reads_back_empty_and_scalar_payloads() {
        StreamName stream = stream(uniqueCategory("empty"), 1);
        List<NewMessage> written = List.of(message("Empty", "{}"), message("Nothing", "null"),
                message("Number", "42"), message("Text", "\"\""), message("List", "[]"));

        store().write(stream, written, ExpectedVersion.noStream());

        List<Message> read = store().readStream(stream, 0);
        assertThat(read).hasSize(written.size());
        for (int i = 0; i < written.size(); i++) {
            assertStoredAs(read.get(i), stream, written.get(i));
        }
    }

    @Test
    void reads_back_a_payload_of_the_largest_size_the_store_takes() {
        StreamName stream = stream(uniqueCategory("large"), 1);
        String big = "x".repeat(maxMessageBytes() - "{\"blob\":\"\"}".length()); // 1 MiB in all by default
        NewMessage written = message("Large", "{\"blob\":\"" + big + "\"}");

        store().write(stream, written);

        Message stored = store().readStream(stream, 0).get(0);
        assertStoredAs(stored, stream, written);
        assertThat(stored.data()).contains(big);
    }

    @Test
    void reads_back_the_same_message_from_stream_category_all_and_last_message() {
        String category = uniqueCategory("sameEverywhere");
        StreamName stream = stream(category, 7);
        NewMessage written = message(7);

        WriteResult result = store().write(stream, written);

        Message byStream = store().readStream(stream, 0).get(0);
        Message byCategory = store().readCategory(category, 0, 10).get(0);
        Message byAll = store().readAll(result.lastGlobalPosition(), 1).get(0);
        Message last = store().lastMessage(stream).orElseThrow();
        assertThat(byCategory).isEqualTo(byStream);
        assertThat(byAll).isEqualTo(byStream);
        assertThat(last).isEqualTo(byStream);
    }

    @Test
    void a_read_result_does_not_change_when_more_messages_are_written() {
        StreamName stream = stream(uniqueCategory("immutable"), 1);
        store().write(stream, message(1));
        List<Message> first = store().readStream(stream, 0);

        store().write(stream, message(2));

        assertThat(first).hasSize(1);
        assertThat(store().readStream(stream, 0).get(0)).isEqualTo(first.get(0));
    }
}
