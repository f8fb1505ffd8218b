package io.microlith.testkit.tck;

import io.microlith.message.Message;
import io.microlith.message.Metadata;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.CategorySummary;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.StoreBrowser;
import io.microlith.store.StreamSummary;
import io.microlith.store.WriteResult;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link StoreBrowser}: categories and streams with their counts, a message by id, a conversation by correlation id,
 * and the same refusals of bad arguments in every store. Skipped (an assumption, reported) for a store that is no
 * browser; the in-memory, SQLite and PostgreSQL stores are.
 */
public abstract class BrowsingContract extends StoreContract {

    private StoreBrowser browser;

    @BeforeEach
    void findTheBrowser() {
        browser = StoreBrowser.of(store()).orElse(null);
        Assumptions.assumeTrue(browser != null, store() + " is no StoreBrowser: browsing is not checked");
    }

    @Test
    void lists_a_category_with_its_message_and_stream_counts_and_its_newest_message() {
        String category = uniqueCategory("browse");
        String commands = category + ":command";
        Instant before = Instant.now().minusSeconds(60);
        store().write(stream(category, 1), messages(0, 3), ExpectedVersion.any());
        store().write(stream(commands, 1), message(9));
        WriteResult last = store().write(stream(category, 2), message(3));

        List<CategorySummary> categories = browser.categories();

        assertThat(categories).filteredOn(c -> c.category().equals(category)).singleElement().satisfies(summary -> {
            assertThat(summary.messages()).isEqualTo(4);
            assertThat(summary.streams()).isEqualTo(2);
            assertThat(summary.lastGlobalPosition()).isEqualTo(last.lastGlobalPosition());
            assertThat(summary.lastTime()).isAfter(before);
        });
        assertThat(categories).filteredOn(c -> c.category().equals(commands)).singleElement()
                .extracting(CategorySummary::messages, CategorySummary::streams).containsExactly(1L, 1L);
        List<String> names = categories.stream().map(CategorySummary::category).toList();
        assertThat(names).isSorted();
    }

    @Test
    void lists_the_streams_of_a_category_newest_first_page_by_page() {
        String category = uniqueCategory("streams");
        store().write(stream(category, "a"), messages(0, 2), ExpectedVersion.any());
        store().write(stream(category, "b"), message(2));
        store().write(stream(uniqueCategory("elsewhere"), "c"), message(3));
        WriteResult newest = store().write(stream(category, "a"), message(4));

        List<StreamSummary> first = browser.streams(category, Long.MAX_VALUE, 1);
        List<StreamSummary> second = browser.streams(category, first.getLast().lastGlobalPosition(), 10);

        assertThat(first).singleElement().satisfies(a -> {
            assertThat(a.streamName()).isEqualTo(stream(category, "a"));
            assertThat(a.messages()).isEqualTo(3);
            assertThat(a.version()).isEqualTo(2);
            assertThat(a.lastGlobalPosition()).isEqualTo(newest.lastGlobalPosition());
        });
        assertThat(second).extracting(StreamSummary::streamName, StreamSummary::messages, StreamSummary::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(stream(category, "b"), 1L, 0L));
        assertThat(browser.streams(category, second.getLast().lastGlobalPosition(), 10)).isEmpty();
        assertThat(browser.streams(uniqueCategory("nothing"), Long.MAX_VALUE, 10)).isEmpty();
    }

    @Test
    void finds_a_message_by_its_id_and_nothing_for_an_unknown_id() {
        String category = uniqueCategory("byid");
        NewMessage written = NewMessage.of("Found", "{\"n\":1}", Metadata.correlated());
        store().write(stream(category, 1), messages(0, 2), ExpectedVersion.any());
        store().write(stream(category, 1), written);

        Message found = browser.message(written.id()).orElseThrow();

        assertStoredAs(found, stream(category, 1), written);
        assertThat(found.position()).isEqualTo(2);
        assertThat(browser.message(UUID.randomUUID())).isEmpty();
    }

    @Test
    void finds_every_message_of_a_conversation_across_categories_in_global_order() {
        Metadata conversation = Metadata.correlated();
        String orders = uniqueCategory("orders");
        String mails = uniqueCategory("mails");
        store().write(stream(orders + ":command", 1), message(1, conversation));
        store().write(stream(orders, 1), message(2));
        store().write(stream(orders, 1), message(3, conversation.withProperty("step", 2)));
        store().write(stream(mails, 7), message(4, conversation));

        List<Message> found = browser.correlated(conversation.correlationId(), 100);

        assertThat(found).extracting(Message::streamName).containsExactly(StreamName.of(orders + ":command-1"),
                stream(orders, 1), stream(mails, 7));
        assertThat(found).extracting(Message::globalPosition).isSorted();
        assertThat(browser.correlated(conversation.correlationId(), 2)).hasSize(2);
        assertThat(browser.correlated(UUID.randomUUID().toString(), 100)).isEmpty();
    }

    @Test
    void refuses_bad_arguments_alike() {
        assertThatThrownBy(() -> browser.streams("not-a-category", Long.MAX_VALUE, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> browser.streams("category", 0, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1, was 0");
        assertThatThrownBy(() -> browser.streams("category", 5, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A limit must be between 1 and 10000, was 0");
        assertThatThrownBy(() -> browser.correlated(" ", 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A correlation id must not be blank");
        assertThatThrownBy(() -> browser.correlated("x", 10_001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> browser.message(null)).isInstanceOf(NullPointerException.class);
    }
}
