package io.microlith.testkit.tck;

import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.DuplicateMessageIdException;
import io.microlith.store.ExpectedVersion;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A message id is never stored twice. The documented rule: a write carrying a known id (or the same id
 * twice) is rejected whole with {@link DuplicateMessageIdException}, as message-db's unique index does.
 */
public abstract class DuplicateIdContract extends StoreContract {

    @Test
    void rejects_a_second_write_of_the_same_id_to_the_same_stream() {
        StreamName stream = stream(uniqueCategory("dup"), 1);
        NewMessage once = message(1);
        store().write(stream, once);

        assertThatThrownBy(() -> store().write(stream, once))
                .isInstanceOfSatisfying(DuplicateMessageIdException.class,
                        e -> assertThat(e.messageId()).isEqualTo(once.id()));

        assertThat(store().readStream(stream, 0)).hasSize(1);
    }

    @Test
    void rejects_the_same_id_written_to_another_stream() {
        String category = uniqueCategory("dupOther");
        NewMessage once = message(1);
        store().write(stream(category, 1), once);

        assertThatThrownBy(() -> store().write(stream(category, 2), once))
                .isInstanceOf(DuplicateMessageIdException.class);

        assertThat(readWholeCategory(category, 10)).hasSize(1);
        assertThat(store().streamVersion(stream(category, 2))).isEqualTo(-1);
    }

    @Test
    void rejects_a_batch_that_repeats_an_id_and_writes_none_of_it() {
        StreamName stream = stream(uniqueCategory("dupBatch"), 1);
        NewMessage repeated = message(1);

        assertThatThrownBy(() -> store().write(stream, List.of(message(0), repeated, repeated), ExpectedVersion.any()))
                .isInstanceOf(DuplicateMessageIdException.class);

        assertThat(store().streamVersion(stream)).isEqualTo(-1);
    }

    @Test
    void rejects_a_large_batch_that_repeats_an_id_at_its_end_and_writes_none_of_it() {
        StreamName stream = stream(uniqueCategory("dupLargeBatch"), 1);
        List<NewMessage> batch = new ArrayList<>(messages(0, 40));
        batch.add(batch.get(3));

        assertThatThrownBy(() -> store().write(stream, batch, ExpectedVersion.any()))
                .isInstanceOfSatisfying(DuplicateMessageIdException.class,
                        e -> assertThat(e.messageId()).isEqualTo(batch.get(3).id()));

        assertThat(store().streamVersion(stream)).isEqualTo(-1);
    }

    @Test
    void rejects_a_batch_whose_last_message_is_already_stored_and_writes_none_of_it() {
        StreamName stream = stream(uniqueCategory("dupLate"), 1);
        NewMessage stored = message(1);
        store().write(stream, stored);

        assertThatThrownBy(() -> store().write(stream, List.of(message(2), message(3), stored), ExpectedVersion.any()))
                .isInstanceOf(DuplicateMessageIdException.class);

        assertThat(store().streamVersion(stream)).isZero();
    }
}
