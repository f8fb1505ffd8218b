package io.microlith.testkit.tck;

import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.WriteResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Stream positions are gap-free from 0; global positions strictly increase; versions and last messages agree. */
public abstract class PositionsContract extends StoreContract {

    @Test
    void numbers_a_stream_from_zero_without_gaps_across_single_and_batch_writes() {
        StreamName stream = stream(uniqueCategory("positions"), 1);

        WriteResult first = store().write(stream, message(0));
        WriteResult batch = store().write(stream, messages(1, 5), ExpectedVersion.exactly(0));
        WriteResult last = store().write(stream, message(6));

        assertThat(first.firstPosition()).isZero();
        assertThat(first.version()).isZero();
        assertThat(batch.firstPosition()).isEqualTo(1);
        assertThat(batch.version()).isEqualTo(5);
        assertThat(last.version()).isEqualTo(6);
        List<Message> read = store().readStream(stream, 0);
        assertThat(read).extracting(Message::position).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(read).extracting(m -> m.data().replace(" ", ""))
                .containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}", "{\"n\":5}", "{\"n\":6}");
    }

    @Test
    void hands_out_strictly_increasing_global_positions_across_streams() {
        String category = uniqueCategory("global");
        for (int i = 0; i < 20; i++) {
            store().write(stream(category, i % 3), messages(i * 2, 2), ExpectedVersion.any());
        }

        List<Message> read = readWholeCategory(category, 7);

        assertThat(read).hasSize(40);
        for (int i = 1; i < read.size(); i++) {
            assertThat(read.get(i).globalPosition()).isGreaterThan(read.get(i - 1).globalPosition());
        }
        assertThat(store().headGlobalPosition()).isGreaterThanOrEqualTo(read.get(read.size() - 1).globalPosition());
    }

    @Test
    void reports_version_minus_one_and_no_last_message_for_an_empty_stream() {
        StreamName stream = stream(uniqueCategory("emptyStream"), 1);

        assertThat(store().streamVersion(stream)).isEqualTo(-1);
        assertThat(store().lastMessage(stream)).isEmpty();
        assertThat(store().readStream(stream, 0)).isEmpty();
    }

    @Test
    void reports_the_version_and_the_last_message_of_a_stream_optionally_by_type() {
        StreamName stream = stream(uniqueCategory("last"), 1);
        store().write(stream, List.of(message("Opened", "{}"), message("Deposited", "{\"n\":1}"),
                message("Deposited", "{\"n\":2}"), message("Closed", "{}")), ExpectedVersion.noStream());

        assertThat(store().streamVersion(stream)).isEqualTo(3);
        assertThat(store().lastMessage(stream).orElseThrow().type()).isEqualTo("Closed");
        Message lastDeposit = store().lastMessage(stream, "Deposited").orElseThrow();
        assertThat(lastDeposit.position()).isEqualTo(2);
        assertThat(store().lastMessage(stream, "Withdrawn")).isEmpty();
    }

    @Test
    void reads_a_stream_from_a_position_in_batches() {
        StreamName stream = stream(uniqueCategory("batches"), 1);
        store().write(stream, messages(0, 10), ExpectedVersion.noStream());

        assertThat(store().readStream(stream, 3, 4)).extracting(Message::position).containsExactly(3L, 4L, 5L, 6L);
        assertThat(store().readStream(stream, 8, 100)).extracting(Message::position).containsExactly(8L, 9L);
        assertThat(store().readStream(stream, 10, 100)).isEmpty();
        assertThat(readWholeStream(stream, 3)).hasSize(10);
    }

    @Test
    void reads_all_messages_of_the_store_by_global_position() {
        String category = uniqueCategory("all");
        WriteResult a = store().write(stream(category, 1), message(1));
        WriteResult b = store().write(stream(category, 2), message(2));

        List<Message> fromA = store().readAll(a.lastGlobalPosition(), 1000);

        assertThat(fromA.get(0).globalPosition()).isEqualTo(a.lastGlobalPosition());
        assertThat(fromA).extracting(Message::globalPosition).contains(b.lastGlobalPosition()).isSorted();
        assertThat(store().readAll(b.lastGlobalPosition(), 1)).extracting(Message::globalPosition)
                .containsExactly(b.lastGlobalPosition());
    }

    @Test
    void keeps_streams_whose_names_share_a_prefix_apart() {
        String category = uniqueCategory("prefix");
        store().write(stream(category, "1"), message(1));
        store().write(stream(category, "12"), message(12));
        store().write(stream(category + "x", "1"), message(99));

        assertThat(store().readStream(stream(category, "1"), 0)).hasSize(1);
        assertThat(readWholeCategory(category, 10)).hasSize(2);
    }
}
