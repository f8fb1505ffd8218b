package io.microlith.testkit.tck;

import io.microlith.message.InvalidStreamNameException;
import io.microlith.message.MessageLimits;
import io.microlith.message.Metadata;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.CategoryQuery;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.MessageTooLargeException;
import io.microlith.store.StreamWrite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad input gets a clear, specific exception and writes nothing, among it a message larger than the store's
 * maximum ({@link #maxMessageBytes()}).
 */
public abstract class BadInputContract extends StoreContract {

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "-1", "account-", "account:-1", ":command-1", "account-1++2", "account-+1",
            "acc ount-1", "account-1\n", "account::x-1"})
    void rejects_an_invalid_stream_name_saying_why(String name) {
        assertThatThrownBy(() -> StreamName.of(name))
                .isInstanceOf(InvalidStreamNameException.class)
                .hasMessageContaining("Invalid stream name");
    }

    @Test
    void refuses_to_write_to_or_read_a_bare_category_as_a_stream() {
        String category = uniqueCategory("bare");

        assertThatThrownBy(() -> store().write(StreamName.of(category), message(1)))
                .isInstanceOf(InvalidStreamNameException.class).hasMessageContaining("bare category");
        assertThatThrownBy(() -> store().readStream(StreamName.of(category), 0))
                .isInstanceOf(InvalidStreamNameException.class).hasMessageContaining("bare category");
        assertThat(store().readCategory(category, 0, 10)).isEmpty();
    }

    @Test
    void refuses_the_last_message_and_the_version_of_a_bare_category_as_it_refuses_a_stream_read() {
        String category = uniqueCategory("bareLast");
        store().write(stream(category, 1), message(1));
        StreamName bare = StreamName.of(category);

        assertThatThrownBy(() -> store().lastMessage(bare))
                .isInstanceOf(InvalidStreamNameException.class).hasMessageContaining("bare category");
        assertThatThrownBy(() -> store().lastMessage(bare, "Numbered"))
                .isInstanceOf(InvalidStreamNameException.class).hasMessageContaining("bare category");
        assertThatThrownBy(() -> store().streamVersion(bare))
                .isInstanceOf(InvalidStreamNameException.class).hasMessageContaining("bare category");
    }

    @Test
    void writes_a_stream_name_of_up_to_the_limit_in_bytes_and_refuses_a_longer_one() {
        String category = uniqueCategory("longName");
        String longest = "i".repeat(MessageLimits.MAX_STREAM_NAME_BYTES - category.length() - 1);
        String wide = "é".repeat(longest.length() / 2 + 1); // 2 bytes a character: past the limit

        store().write(stream(category, longest), message(1));

        assertThat(store().readStream(stream(category, longest), 0)).hasSize(1);
        assertThatThrownBy(() -> store().write(stream(category, longest + "i"), message(2)))
                .isInstanceOf(InvalidStreamNameException.class).hasMessageContaining("bytes in UTF-8");
        assertThatThrownBy(() -> store().write(stream(category, wide), message(3)))
                .isInstanceOf(InvalidStreamNameException.class).hasMessageContaining("bytes in UTF-8");
        assertThat(store().readCategory(category, 0, 10)).hasSize(1);
    }

    @Test
    void rejects_a_category_read_of_a_stream_name() {
        assertThatThrownBy(() -> store().readCategory("account-1", 0, 10))
                .isInstanceOf(InvalidStreamNameException.class).hasMessageContaining("must not contain '-'");
    }

    @Test
    void rejects_a_message_without_a_type_or_with_invalid_json() {
        assertThatThrownBy(() -> new NewMessage(UUID.randomUUID(), null, "{}", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a type");
        assertThatThrownBy(() -> NewMessage.of(" ", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a type");
        assertThatThrownBy(() -> NewMessage.of("Broken", "{\"a\":"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid JSON");
        assertThatThrownBy(() -> NewMessage.of("Two", "{} {}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than one value");
        assertThatThrownBy(() -> NewMessage.of("Ambiguous", "{\"a\":1,\"a\":2}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Duplicate field 'a'");
    }

    @Test
    void refuses_a_message_larger_than_the_maximum_and_writes_nothing_of_its_write() {
        StreamName stream = stream(uniqueCategory("tooLarge"), 1);
        StreamName other = stream(uniqueCategory("tooLargeOther"), 1);
        NewMessage large = NewMessage.of("Large", jsonString(maxMessageBytes() + 1));

        assertThatThrownBy(() -> store().write(List.of(new StreamWrite(other, List.of(message(1)), null),
                new StreamWrite(stream, List.of(message(2), large), null))))
                .isInstanceOfSatisfying(MessageTooLargeException.class, e -> {
                    assertThat(e.streamName()).isEqualTo(stream);
                    assertThat(e.type()).isEqualTo("Large");
                    assertThat(e.bytes()).isEqualTo(maxMessageBytes() + 1L);
                    assertThat(e.maxBytes()).isEqualTo(maxMessageBytes());
                })
                .hasMessageContaining("Large").hasMessageContaining(stream.value())
                .hasMessageContaining(String.valueOf(maxMessageBytes()));

        assertThat(store().streamVersion(stream)).isEqualTo(-1);
        assertThat(store().streamVersion(other)).isEqualTo(-1);
    }

    @Test
    void counts_the_metadata_and_multi_byte_characters_in_the_size() {
        StreamName stream = stream(uniqueCategory("largeMetadata"), 1);
        Metadata heavy = Metadata.EMPTY.withProperty("padding", "p".repeat(maxMessageBytes()));
        String wide = "\"" + "ü".repeat(maxMessageBytes() / 2) + "\""; // 2 bytes a character: past the maximum

        assertThatThrownBy(() -> store().write(stream, NewMessage.of("Heavy", "{}", heavy)))
                .isInstanceOf(MessageTooLargeException.class);
        assertThatThrownBy(() -> store().write(stream, NewMessage.of("Wide", wide)))
                .isInstanceOf(MessageTooLargeException.class);
        assertThat(store().streamVersion(stream)).isEqualTo(-1);
    }

    /** A JSON string of exactly {@code bytes} UTF-8 bytes, its quotes included. */
    private static String jsonString(int bytes) {
        return "\"" + "x".repeat(bytes - 2) + "\"";
    }

    @Test
    void rejects_negative_positions_and_empty_batches_without_reading() {
        StreamName stream = stream(uniqueCategory("badRead"), 1);
        store().write(stream, message(1));

        assertThatThrownBy(() -> store().readStream(stream, -1, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> store().readStream(stream, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Batch size must be at least 1, was 0");
        assertThatThrownBy(() -> store().readCategory(stream.category(), -5, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-5");
        assertThatThrownBy(() -> store().readCategory(stream.category(), 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Batch size");
        assertThatThrownBy(() -> store().readAll(-1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().readAll(0, -3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CategoryQuery.of(stream.category()).consumerGroup(2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> CategoryQuery.of(stream.category()).consumerGroup(0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }

    @Test
    void rejects_an_expected_version_below_minus_one() {
        assertThatThrownBy(() -> ExpectedVersion.exactly(-2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was -2");
    }

    @Test
    void rejects_an_empty_write_and_writes_nothing() {
        StreamName stream = stream(uniqueCategory("emptyWrite"), 1);

        assertThatThrownBy(() -> store().write(stream, List.of(), ExpectedVersion.any()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one message");
        assertThatThrownBy(() -> store().write(List.<StreamWrite>of()))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store().streamVersion(stream)).isEqualTo(-1);
    }
}
