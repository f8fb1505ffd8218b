package io.microlith.store;

import io.microlith.message.Causation;
import io.microlith.message.InvalidStreamNameException;
import io.microlith.message.MessageLimits;
import io.microlith.message.Metadata;
import io.microlith.message.MetadataJson;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.memory.InMemoryMessageStore;
import io.microlith.store.memory.InMemoryMessageStoreProvider;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageSizesTest {

    /** A JSON string of exactly {@code bytes} UTF-8 bytes, quotes included. */
    private static String jsonString(int bytes) {
        return "\"" + "x".repeat(bytes - 2) + "\"";
    }

    @Nested
    class Measuring {
        @Test
        void counts_utf8_bytes_as_the_jdk_encodes_them() {
            Random random = new Random(9);
            for (int i = 0; i < 200; i++) {
                StringBuilder text = new StringBuilder();
                for (int c = 0; c < 50; c++) {
                    text.appendCodePoint(switch (random.nextInt(4)) {
                        case 0 -> random.nextInt(0x80);
                        case 1 -> 0x80 + random.nextInt(0x780);
                        case 2 -> 0x800 + random.nextInt(0xD000);
                        default -> 0x10000 + random.nextInt(0xFFFFF);
                    });
                }
                String s = text.toString();
                assertThat(MessageSizes.utf8Length(s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
            }
        }

        @Test
        void counts_data_and_stored_metadata() {
            Metadata metadata = Metadata.correlated().withProperty("note", "é");
            NewMessage message = NewMessage.of("Noted", "{\"a\":\"ü\"}", metadata);

            assertThat(MessageSizes.bytes(message)).isEqualTo(
                    "{\"a\":\"ü\"}".getBytes(StandardCharsets.UTF_8).length
                            + MetadataJson.write(metadata).getBytes(StandardCharsets.UTF_8).length);
            assertThat(MessageSizes.bytes(NewMessage.of("Bare", "{}"))).isEqualTo(2);
        }

        @Test
        void its_cheap_bound_is_never_below_the_exact_size() {
            Metadata full = new Metadata("c\u0001\"ü", new Causation(UUID.randomUUID(), StreamName.of("a:command-1"), 3, 7),
                    StreamName.of("reply-1"), StreamName.of("corr-1"), "v2",
                    Map.of("list", List.of(1, 2L, 3.5, true, "\u0000\u2028", Map.of("k", List.of())),
                            "nothing", Map.of(), "short", (short) 3, "big", new BigDecimal("1e-30")));
            for (Metadata metadata : List.of(Metadata.EMPTY, Metadata.correlated(), full)) {
                NewMessage message = NewMessage.of("T", "{\"x\":\"\\u0000𝄞ü\"}", metadata);

                assertThat(MessageSizes.upperBound(message)).isGreaterThanOrEqualTo(MessageSizes.bytes(message));
            }
        }
    }

    @Nested
    class Refusing {
        private static final int MAX = MessageLimits.MIN_MAX_MESSAGE_BYTES;
        private final InMemoryMessageStore store = new InMemoryMessageStore(MAX);
        private final StreamName stream = StreamName.of("big-1");

        @Test
        void takes_a_message_of_exactly_the_maximum() {
            store.write(stream, NewMessage.of("Fits", jsonString(MAX)));

            assertThat(store.streamVersion(stream)).isZero();
        }

        @Test
        void refuses_a_message_one_byte_larger_saying_which_and_by_how_much_and_writes_nothing() {
            NewMessage small = NewMessage.of("Small", "{}");
            NewMessage large = NewMessage.of("Large", jsonString(MAX + 1));

            assertThatThrownBy(() -> store.write(List.of(new StreamWrite(stream, List.of(small, large), null))))
                    .isInstanceOfSatisfying(MessageTooLargeException.class, e -> {
                        assertThat(e.streamName()).isEqualTo(stream);
                        assertThat(e.type()).isEqualTo("Large");
                        assertThat(e.messageId()).isEqualTo(large.id());
                        assertThat(e.bytes()).isEqualTo(MAX + 1);
                        assertThat(e.maxBytes()).isEqualTo(MAX);
                    })
                    .hasMessageContaining("to stream big-1 is 16385 bytes").hasMessageContaining("maximum of 16384");
            assertThat(store.streamVersion(stream)).isEqualTo(-1);
        }

        @Test
        void counts_multi_byte_characters_as_bytes() {
            assertThatThrownBy(() -> store.write(stream, NewMessage.of("Wide", "\"" + "ü".repeat(MAX / 2) + "\"")))
                    .isInstanceOf(MessageTooLargeException.class).hasMessageContaining("16386 bytes");
        }

        @Test
        void counts_the_metadata_too() {
            Metadata metadata = Metadata.EMPTY.withProperty("padding", "p".repeat(MAX - 10));

            assertThatThrownBy(() -> store.write(stream, NewMessage.of("Padded", "{}", metadata)))
                    .isInstanceOf(MessageTooLargeException.class);
        }

        @Test
        void takes_one_mebibyte_by_default() {
            InMemoryMessageStore defaults = new InMemoryMessageStore();

            assertThat(defaults.maxMessageBytes()).isEqualTo(MessageLimits.DEFAULT_MAX_MESSAGE_BYTES).isEqualTo(1 << 20);
            defaults.write(stream, NewMessage.of("Fits", jsonString(1 << 20)));
            assertThatThrownBy(() -> defaults.write(stream, NewMessage.of("Large", jsonString((1 << 20) + 1))))
                    .isInstanceOf(MessageTooLargeException.class);
        }

        @Test
        void refuses_to_write_a_stream_name_longer_than_the_limit_quoting_only_its_start() {
            StreamName tooLong = StreamName.of("big", "x".repeat(MessageLimits.MAX_STREAM_NAME_BYTES));

            assertThatThrownBy(() -> store.write(tooLong, NewMessage.of("Small", "{}")))
                    .isInstanceOfSatisfying(InvalidStreamNameException.class,
                            e -> assertThat(e.name()).isEqualTo(tooLong.value()))
                    .hasMessageContaining("1004 bytes in UTF-8").hasMessageContaining("(1004 characters)")
                    .hasMessageNotContaining("x".repeat(201));
        }

        @Test
        void refuses_a_maximum_beyond_what_the_toolkit_reads() {
            assertThatThrownBy(() -> new InMemoryMessageStore(MessageLimits.MAX_MESSAGE_BYTES + 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxMessageBytes");
            assertThatThrownBy(() -> new InMemoryMessageStore(MAX - 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 KiB, for the toolkit's own records");
        }
    }

    @Nested
    class Settings {
        private final InMemoryMessageStoreProvider provider = new InMemoryMessageStoreProvider();

        @Test
        void a_memory_setting_may_name_the_maximum() {
            assertThat(((AbstractMessageStore) provider.open("memory:")).maxMessageBytes()).isEqualTo(1 << 20);
            assertThat(((AbstractMessageStore) MessageStores.open("memory:?maxMessageBytes=20000")).maxMessageBytes())
                    .isEqualTo(20000);
        }

        @Test
        void refuses_an_unknown_option_or_a_bad_value() {
            assertThatThrownBy(() -> provider.open("memory:?size=3"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("known: maxMessageBytes");
            assertThatThrownBy(() -> provider.open("memory:?maxMessageBytes=lots"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a number");
            assertThatThrownBy(() -> provider.open("memory:?maxMessageBytes=99999999999"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 16384");
        }
    }
}
