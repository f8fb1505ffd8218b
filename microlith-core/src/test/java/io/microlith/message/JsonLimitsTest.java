package io.microlith.message;

import io.microlith.internal.runtime.Decoder;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The limits of the toolkit's JSON reading ({@link MessageLimits}): each one exceeded gives a clear error. */
class JsonLimitsTest {
    record Priced(String sku, BigDecimal price) {
    }

    record Counted(BigInteger count) {
    }

    record Anything(Object value) {
    }

    private static final MessageTypes TYPES = MessageTypes.of(Priced.class, Counted.class, Anything.class);

    private static Message stored(String type, String data) {
        return new Message(UUID.randomUUID(), StreamName.of("product-1"), type, 0, 1, Instant.now(), data, null);
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    @Nested
    class WellFormedCheckOfNewMessages {
        @Test
        void accepts_ordinary_data_and_nesting_up_to_the_limit() {
            assertThatCode(() -> NewMessage.of("Priced", "{\"sku\":\"a\",\"price\":9.99,\"tags\":[\"x\",{\"y\":1}]}"))
                    .doesNotThrowAnyException();
            assertThatCode(() -> NewMessage.of("Deep", nested(MessageLimits.MAX_NESTING_DEPTH)))
                    .doesNotThrowAnyException();
        }

        @Test
        void refuses_nesting_deeper_than_the_limit() {
            assertThatThrownBy(() -> NewMessage.of("Deep", nested(MessageLimits.MAX_NESTING_DEPTH + 1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Invalid JSON in data of message type Deep")
                    .hasMessageContaining("nesting depth");
        }

        @Test
        void refuses_a_number_longer_than_the_limit() {
            String digits = "1".repeat(MessageLimits.MAX_NUMBER_LENGTH + 1);

            assertThatThrownBy(() -> NewMessage.of("Long", "{\"n\":" + digits + "}"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Number value length");
            assertThatThrownBy(() -> NewMessage.of("Long", "{\"n\":0." + digits + "}"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Number value length");
        }

        @Test
        void refuses_a_property_name_longer_than_the_limit() {
            String name = "k".repeat(MessageLimits.MAX_NAME_LENGTH + 1);

            assertThatThrownBy(() -> NewMessage.of("Named", "{\"" + name + "\":1}"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Name length");
        }

        @Test
        void refuses_a_text_longer_than_the_limit() {
            String text = "{\"s\":\"" + "x".repeat(MessageLimits.MAX_MESSAGE_BYTES) + "\"}";

            assertThatThrownBy(() -> NewMessage.of("Huge", text))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Document length");
        }

        @Test
        void refuses_a_key_twice_in_one_object_at_any_depth() {
            assertThatThrownBy(() -> NewMessage.of("Twice", "{\"a\":1,\"a\":2}"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Duplicate field 'a'");
            assertThatThrownBy(() -> NewMessage.of("Twice", "[{\"o\":{\"b\":true,\"c\":0,\"b\":false}}]"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Duplicate field 'b'");
        }

        @Test
        void accepts_the_same_key_in_different_objects() {
            assertThatCode(() -> NewMessage.of("Siblings", "{\"a\":{\"a\":1},\"b\":[{\"a\":2},{\"a\":3}]}"))
                    .doesNotThrowAnyException();
        }
    }

    @Nested
    class DecodingIntoRecords {
        @Test
        void decodes_ordinary_decimals_and_those_at_the_bounds() {
            assertThat(TYPES.decode(stored("Priced", "{\"sku\":\"a\",\"price\":9.99}"), Priced.class).price())
                    .isEqualByComparingTo("9.99");
            assertThat(TYPES.decode(stored("Priced", "{\"sku\":\"a\",\"price\":1e-1000}"), Priced.class).price()
                    .toPlainString()).hasSize(1002);
            assertThat(TYPES.decode(stored("Priced", "{\"sku\":\"a\",\"price\":-1e1000}"), Priced.class).price()
                    .toPlainString()).hasSize(1002);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"1e-2147483647", "-1e2147483647", "1e2147483647", "1e-20000000", "1e-1001",
                "1e1001", "\"1e-2147483647\""})
        void refuses_a_decimal_whose_scale_is_beyond_the_bounds(String price) {
            Message message = stored("Priced", "{\"sku\":\"a\",\"price\":" + price + "}");

            assertThatThrownBy(() -> TYPES.decode(message, Priced.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does not fit " + Priced.class.getName())
                    .hasMessageContaining("beyond the bounds of decoding");
            assertThatThrownBy(() -> Decoder.decode(TYPES, message, Priced.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("beyond the bounds of decoding");
        }

        @Test
        void refuses_a_decimal_of_more_significant_digits_than_the_bounds_given_as_a_string() {
            Message message = stored("Priced", "{\"sku\":\"a\",\"price\":\"" + "9".repeat(1001) + "\"}");

            assertThatThrownBy(() -> TYPES.decode(message, Priced.class))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"1e100000", "1e1001", "-1E1001"})
        void refuses_a_whole_number_of_more_digits_than_the_bounds(String count) {
            assertThatThrownBy(() -> TYPES.decode(stored("Counted", "{\"count\":" + count + "}"), Counted.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("beyond the bounds of decoding");
        }

        @Test
        void decodes_whole_numbers_within_the_bounds() {
            assertThat(TYPES.decode(stored("Counted", "{\"count\":1e999}"), Counted.class).count())
                    .isEqualTo(BigInteger.TEN.pow(999));
            assertThat(TYPES.decode(stored("Counted", "{\"count\":12345678901234567890}"), Counted.class).count())
                    .isEqualTo(new BigInteger("12345678901234567890"));
        }

        @Test
        void refuses_stored_data_nested_deeper_than_the_limit() {
            Message message = stored("Anything", "{\"value\":" + nested(MessageLimits.MAX_NESTING_DEPTH) + "}");

            assertThatThrownBy(() -> TYPES.decode(message, Anything.class))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nesting depth");
        }

        @Test
        void refuses_stored_data_longer_than_the_limit() {
            Message message = stored("Anything",
                    "{\"value\":\"" + "x".repeat(MessageLimits.MAX_MESSAGE_BYTES) + "\"}");

            assertThatThrownBy(() -> TYPES.decode(message, Anything.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("more than the " + MessageLimits.MAX_MESSAGE_BYTES + " the toolkit reads");
            assertThatThrownBy(() -> MetadataJson.read("{\"x\":\"" + "y".repeat(MessageLimits.MAX_MESSAGE_BYTES) + "\"}"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Metadata is");
        }

        @Test
        void untyped_numbers_stay_doubles_whatever_their_exponent() {
            Anything decoded = TYPES.decode(stored("Anything", "{\"value\":[1e-2147483647,-1e2147483647]}"),
                    Anything.class);

            assertThat(decoded.value()).isEqualTo(List.of(0.0, Double.NEGATIVE_INFINITY));
        }
    }

    @Nested
    class WritingAndMetadata {
        @Test
        void never_writes_json_nested_deeper_than_it_reads() {
            Object deep = List.of();
            for (int i = 0; i < MessageLimits.MAX_NESTING_DEPTH; i++) {
                deep = List.of(deep);
            }
            Anything tooDeep = new Anything(deep);

            assertThatThrownBy(() -> TYPES.toNewMessage(tooDeep))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nesting depth");
        }

        @Test
        void refuses_stored_metadata_nested_deeper_than_the_limit() {
            assertThat(MetadataJson.read("{\"x\":" + nested(10) + "}").properties()).containsKey("x");
            assertThatThrownBy(() -> MetadataJson.read("{\"x\":" + nested(MessageLimits.MAX_NESTING_DEPTH) + "}"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Metadata is not valid JSON");
        }

        @Test
        void the_limits_are_consistent_with_the_largest_message_a_store_may_take() {
            assertThat(MessageLimits.MAX_MESSAGE_BYTES).isEqualTo(16 * 1024 * 1024)
                    .isGreaterThan(MessageLimits.DEFAULT_MAX_MESSAGE_BYTES);
            assertThat(MessageLimits.requireMaxMessageBytes(MessageLimits.MAX_MESSAGE_BYTES))
                    .isEqualTo(MessageLimits.MAX_MESSAGE_BYTES);
            assertThatThrownBy(() -> MessageLimits.requireMaxMessageBytes(MessageLimits.MAX_MESSAGE_BYTES + 1L))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 16384 (16 KiB, for the toolkit's own records) and 16777216");
            assertThatThrownBy(() -> MessageLimits.requireMaxMessageBytes(MessageLimits.MIN_MAX_MESSAGE_BYTES - 1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
