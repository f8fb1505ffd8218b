package io.microlith.store;

import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageIdsInWriteTest {
    private static final StreamName ONE = StreamName.of("account-1");
    private static final StreamName TWO = StreamName.of("account-2");

    /** Ids that all share one hash code (it mixes the two halves by XOR), so that every slot probe collides. */
    private static List<NewMessage> collidingMessages(int count) {
        List<NewMessage> messages = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            messages.add(new NewMessage(new UUID(i, i), "Numbered", "{}", null));
        }
        return messages;
    }

    @Test
    void accepts_distinct_ids_whose_hashes_collide() {
        List<NewMessage> messages = collidingMessages(50);

        assertThatCode(() -> MessageIdsInWrite.requireDistinct(List.of(new StreamWrite(ONE, messages, null))))
                .doesNotThrowAnyException();
    }

    @Test
    void finds_an_id_repeated_among_ids_whose_hashes_collide() {
        List<NewMessage> messages = collidingMessages(50);
        messages.add(messages.get(17));

        assertThatThrownBy(() -> MessageIdsInWrite.requireDistinct(List.of(new StreamWrite(ONE, messages, null))))
                .isInstanceOf(DuplicateMessageIdException.class).hasMessageContaining(messages.get(17).id().toString());
    }

    @Test
    void finds_an_id_repeated_in_another_stream_of_the_same_write() {
        NewMessage repeated = NewMessage.of("Numbered", "{}");

        assertThatThrownBy(() -> MessageIdsInWrite.requireDistinct(List.of(
                StreamWrite.of(ONE, repeated), StreamWrite.of(TWO, repeated))))
                .isInstanceOf(DuplicateMessageIdException.class);
    }
}
