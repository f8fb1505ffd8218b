package io.microlith.store.copy;

import io.microlith.message.Message;
import io.microlith.message.Metadata;
import io.microlith.message.StreamName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MessageChecksumTest {
    private static final UUID ID = UUID.randomUUID();
    private static final Instant TIME = Instant.parse("2025-06-01T10:00:00.123456Z");

    private static Message message(String data, long globalPosition) {
        return new Message(ID, StreamName.of("account-1"), "Opened", 0, globalPosition, TIME, data,
                Metadata.EMPTY.withCorrelationId("c-1"));
    }

    private static String sum(Message... messages) {
        MessageChecksum checksum = new MessageChecksum();
        for (Message message : messages) {
            checksum.add(message);
        }
        return checksum.value();
    }

    @Test
    void is_the_same_for_json_that_a_store_reordered_or_reformatted() {
        assertThat(sum(message("{\"b\": [1, 2.50, {\"y\":true,\"x\":null}], \"a\": \"é\"}", 1)))
                .isEqualTo(sum(message("{\"a\":\"\\u00e9\",\"b\":[1,2.5,{\"x\":null,\"y\":true}]}", 1)));
    }

    @Test
    void differs_when_any_value_or_place_differs() {
        String original = sum(message("{\"a\":1}", 1));

        assertThat(sum(message("{\"a\":2}", 1))).isNotEqualTo(original);
        assertThat(sum(message("{\"a\":1}", 2))).isNotEqualTo(original);
        assertThat(sum(message("{\"a\":1}", 1), message("{\"a\":1}", 1))).isNotEqualTo(original);
    }

    @Test
    void counts_the_messages_and_keeps_the_time_to_the_microsecond() {
        MessageChecksum checksum = new MessageChecksum();
        checksum.add(message("{}", 1));
        checksum.add(message("{}", 2));

        assertThat(checksum.count()).isEqualTo(2);
        assertThat(MessageChecksum.canonical(message("{}", 1))).contains("1748772000123456");
    }
}
