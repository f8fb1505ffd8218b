package io.microlith.testkit.tck;

import io.microlith.message.Message;
import io.microlith.message.Metadata;
import io.microlith.message.StreamName;
import io.microlith.store.CategoryQuery;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.WriteResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Category reads: inclusive start position, batch size applied after filters, and message-db's
 * correlation filter (exact category of the metadata's {@code correlationStreamName}).
 */
public abstract class FiltersContract extends StoreContract {

    @Test
    void keeps_only_messages_whose_correlation_stream_has_exactly_the_given_category() {
        String category = uniqueCategory("corr");
        String web = uniqueCategory("web");
        StreamName stream = stream(category, 1);
        store().write(stream, List.of(
                message(1, Metadata.EMPTY.withCorrelationStreamName(stream(web, 1))),
                message(2, Metadata.EMPTY.withCorrelationStreamName(StreamName.of(web + ":reply-2"))),
                message(3, Metadata.EMPTY.withCorrelationStreamName(stream(uniqueCategory("other"), 3))),
                message(4),
                message(5, Metadata.EMPTY.withCorrelationStreamName(StreamName.of(web)))), ExpectedVersion.any());

        List<Message> correlated = store().readCategory(CategoryQuery.of(category).correlation(web));

        assertThat(correlated).extracting(Message::position).containsExactly(0L, 4L);
        assertThat(store().readCategory(CategoryQuery.of(category).correlation(web + ":reply")))
                .extracting(Message::position).containsExactly(1L);
    }

    @Test
    void applies_the_batch_size_after_the_correlation_filter() {
        String category = uniqueCategory("corrBatch");
        String web = uniqueCategory("web");
        for (int i = 0; i < 10; i++) {
            store().write(stream(category, i), message(i));
            store().write(stream(category, i), message(i, Metadata.EMPTY.withCorrelationStreamName(stream(web, i))));
        }

        List<Message> batch = store().readCategory(CategoryQuery.of(category).correlation(web).batchSize(3));

        assertThat(batch).hasSize(3).allSatisfy(m -> assertThat(m.metadata().correlationStreamName()).isNotNull());
    }

    @Test
    void starts_a_category_read_at_the_given_global_position_inclusive_and_honours_the_batch_size() {
        String category = uniqueCategory("from");
        WriteResult first = store().write(stream(category, 1), messages(0, 5), ExpectedVersion.any());
        long firstGlobal = store().readStream(stream(category, 1), 0).get(0).globalPosition();

        assertThat(store().readCategory(category, firstGlobal, 2)).extracting(Message::position).containsExactly(0L, 1L);
        assertThat(store().readCategory(category, first.lastGlobalPosition(), 10)).hasSize(1);
        assertThat(store().readCategory(category, first.lastGlobalPosition() + 1, 10)).isEmpty();
        assertThat(readWholeCategory(category, 1)).hasSize(5);
    }

    @Test
    void treats_a_typed_category_as_a_category_of_its_own() {
        String entity = uniqueCategory("account");
        store().write(stream(entity, 1), message(1));
        store().write(StreamName.of(entity + ":command-1"), message(2));
        store().write(StreamName.of(entity + ":command+position-1"), message(3));

        assertThat(readWholeCategory(entity, 10)).extracting(Message::streamName).containsExactly(stream(entity, 1));
        assertThat(readWholeCategory(entity + ":command", 10)).extracting(m -> m.streamName().value())
                .containsExactly(entity + ":command-1");
        assertThat(readWholeCategory(entity + ":command+position", 10)).hasSize(1);
    }

    @Test
    void returns_nothing_for_a_category_without_messages() {
        assertThat(store().readCategory(uniqueCategory("nothing"), 0, 10)).isEmpty();
    }
}
