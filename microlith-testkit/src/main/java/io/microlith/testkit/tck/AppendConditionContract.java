package io.microlith.testkit.tck;

import io.microlith.message.Message;
import io.microlith.message.Metadata;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.AppendCondition;
import io.microlith.store.AppendConditionFailedException;
import io.microlith.store.ConsistencyBoundary;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.ExpectedVersionException;
import io.microlith.store.MessageQuery;
import io.microlith.store.MessageQuery.Item;
import io.microlith.store.StreamWrite;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * <b>Consistency across streams by condition.</b> Tags travel in metadata and read back as written; a
 * {@link MessageQuery} reads the messages of its tags, types and categories across every stream, in global order;
 * an {@link AppendCondition} fails its write (nothing stored, {@link AppendConditionFailedException} naming the
 * positions) exactly when a matching message was stored after its position, is not fooled by writes to other tags,
 * types or categories, sees the earlier writes of its own call, and lets exactly one of many concurrent writers
 * racing the same condition win.
 *
 * <p>What this does not prove: writers in other processes (the PostgreSQL store tests two store instances), and
 * the speed of the indexes behind a query.
 */
public abstract class AppendConditionContract extends StoreContract {

    private static NewMessage tagged(String type, String... tags) {
        return NewMessage.of(type, "{}", Metadata.EMPTY.withTags(tags));
    }

    private static List<Long> positions(List<Message> messages) {
        return messages.stream().map(Message::globalPosition).toList();
    }

    @Nested
    class Reading {
        @Test
        void tags_are_stored_in_metadata_and_read_back_as_written() {
            String tag = uniqueCategory("tag") + ":a b/é";
            StreamName stream = stream(uniqueCategory("tagged"), 1);
            NewMessage written = NewMessage.of("Tagged", "{\"n\":1}", Metadata.correlated().withTags(tag, "other:1"));

            store().write(stream, written);

            Message stored = store().readStream(stream, 0).getFirst();
            assertStoredAs(stored, stream, written);
            assertThat(stored.metadata().tags()).containsExactly(tag, "other:1");
        }

        @Test
        void a_tag_query_reads_the_messages_carrying_the_tag_across_streams_and_categories_in_global_order() {
            String tag = uniqueCategory("product-name:");
            StreamName first = stream(uniqueCategory("product"), 1);
            StreamName second = stream(uniqueCategory("audit"), 2);
            long a = store().write(first, tagged("ProductAdded", tag)).lastGlobalPosition();
            store().write(first, tagged("PriceChanged", uniqueCategory("other:")));
            store().write(second, message(1));
            long b = store().write(second, tagged("NameAudited", tag, "audit")).lastGlobalPosition();

            List<Message> read = store().readMatching(MessageQuery.tagged(tag), 0, 100);

            assertThat(positions(read)).containsExactly(a, b);
            assertThat(read).extracting(Message::streamName).containsExactly(first, second);
        }

        @Test
        void an_item_with_several_tags_needs_every_one_and_its_types_narrow_it() {
            String creator = uniqueCategory("creator:");
            String name = uniqueCategory("name:");
            StreamName stream = stream(uniqueCategory("video"), 1);
            store().write(stream, tagged("VideoNamed", creator));
            store().write(stream, tagged("VideoNamed", name));
            long both = store().write(stream, tagged("VideoNamed", name, creator)).lastGlobalPosition();
            store().write(stream, tagged("VideoViewed", name, creator));

            List<Message> read = store().readMatching(MessageQuery.of(Item.tagged(creator, name).types("VideoNamed")), 1, 100);

            assertThat(positions(read)).containsExactly(both);
        }

        @Test
        void a_category_query_reads_its_categories_and_items_add_up_without_repeating_a_message() {
            String tag = uniqueCategory("t:");
            String category = uniqueCategory("cat");
            long inCategory = store().write(stream(category, 1), message(1)).lastGlobalPosition();
            long both = store().write(stream(category, 2), tagged("Both", tag)).lastGlobalPosition();
            long taggedElsewhere = store().write(stream(uniqueCategory("else"), 1), tagged("Tagged", tag)).lastGlobalPosition();

            MessageQuery query = MessageQuery.inCategories(category).or(MessageQuery.tagged(tag));

            assertThat(positions(store().readMatching(query, 1, 100))).containsExactly(inCategory, both, taggedElsewhere);
        }

        @Test
        void a_read_starts_at_its_position_and_returns_at_most_a_batch() {
            String tag = uniqueCategory("t:");
            StreamName stream = stream(uniqueCategory("batch"), 1);
            List<Long> written = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                written.add(store().write(stream, tagged("N", tag)).lastGlobalPosition());
            }
            MessageQuery query = MessageQuery.tagged(tag);

            assertThat(positions(store().readMatching(query, written.get(1), 2))).containsExactly(written.get(1), written.get(2));
            assertThat(positions(store().readMatching(query, written.get(4) + 1, 10))).isEmpty();
        }

        @Test
        void a_boundary_holds_every_match_and_the_condition_after_the_last_one() {
            String tag = uniqueCategory("t:");
            MessageQuery query = MessageQuery.tagged(tag);
            assertThat(store().readBoundary(query).position()).isEqualTo(AppendCondition.NONE);

            store().write(stream(uniqueCategory("b"), 1), tagged("A", tag));
            long last = store().write(stream(uniqueCategory("b"), 2), tagged("B", tag)).lastGlobalPosition();

            ConsistencyBoundary boundary = store().readBoundary(query);
            assertThat(boundary.messages()).extracting(Message::type).containsExactly("A", "B");
            assertThat(boundary.condition()).isEqualTo(AppendCondition.noneMatchingAfter(query, last));
        }
    }

    @Nested
    class Conditions {
        @Test
        void a_write_whose_query_matches_nothing_is_stored() {
            String tag = uniqueCategory("name:");
            StreamName stream = stream(uniqueCategory("claim"), 1);

            store().write(stream, List.of(tagged("Claimed", tag)), AppendCondition.noneMatching(MessageQuery.tagged(tag)));

            assertThat(store().readMatching(MessageQuery.tagged(tag), 1, 10)).hasSize(1);
        }

        @Test
        void a_matching_message_anywhere_fails_a_none_condition_naming_the_query_and_positions_and_stores_nothing() {
            String tag = uniqueCategory("name:");
            long existing = store().write(stream(uniqueCategory("first"), 1), tagged("Claimed", tag)).lastGlobalPosition();
            StreamName stream = stream(uniqueCategory("second"), 1);
            AppendCondition condition = AppendCondition.noneMatching(MessageQuery.tagged(tag));

            assertThatThrownBy(() -> store().write(stream, List.of(tagged("Claimed", tag)), condition))
                    .isInstanceOfSatisfying(AppendConditionFailedException.class, e -> {
                        assertThat(e.found()).isEqualTo(existing);
                        assertThat(e.condition()).isEqualTo(condition);
                        assertThat(e.streamName()).isEqualTo(stream);
                    })
                    .hasMessageContaining(tag).hasMessageContaining("at all")
                    .hasMessageContaining("global position " + existing);
            assertThat(store().streamVersion(stream)).isEqualTo(-1);
        }

        @Test
        void a_condition_after_the_last_match_holds_and_one_before_it_fails() {
            String tag = uniqueCategory("seat:");
            MessageQuery query = MessageQuery.tagged(tag);
            StreamName stream = stream(uniqueCategory("seat"), 1);
            long first = store().write(stream, tagged("Reserved", tag)).lastGlobalPosition();
            long second = store().write(stream, tagged("Released", tag)).lastGlobalPosition();

            assertThatThrownBy(() -> store().write(stream, List.of(tagged("Reserved", tag)),
                    AppendCondition.noneMatchingAfter(query, first)))
                    .isInstanceOfSatisfying(AppendConditionFailedException.class, e -> assertThat(e.found()).isEqualTo(second))
                    .hasMessageContaining("after global position " + first);

            store().write(stream, List.of(tagged("Reserved", tag)), AppendCondition.noneMatchingAfter(query, second));
            assertThat(store().streamVersion(stream)).isEqualTo(2);
        }

        @Test
        void writes_to_other_tags_types_and_categories_do_not_fail_a_condition() {
            String creator = uniqueCategory("creator:");
            String name = uniqueCategory("name:");
            String category = uniqueCategory("video");
            MessageQuery query = MessageQuery.of(Item.tagged(creator, name).types("VideoNamed"),
                    Item.inCategories(category).types("VideoDeleted"));
            long position = store().headGlobalPosition();

            store().write(stream(uniqueCategory("other"), 1), tagged("VideoNamed", creator, uniqueCategory("name:")));
            store().write(stream(uniqueCategory("other"), 2), tagged("VideoNamed", name));
            store().write(stream(uniqueCategory("other"), 3), tagged("VideoViewed", creator, name));
            store().write(stream(category, 1), tagged("VideoNamed", uniqueCategory("x:")));
            store().write(stream(uniqueCategory("other"), 4), NewMessage.of("VideoDeleted", "{}"));

            StreamName stream = stream(category, 2);
            store().write(stream, List.of(tagged("VideoNamed", creator, name)), AppendCondition.noneMatchingAfter(query, position));
            assertThat(store().streamVersion(stream)).isZero();

            store().write(stream(category, 3), NewMessage.of("VideoDeleted", "{}"));
            assertThatThrownBy(() -> store().write(stream(uniqueCategory("late"), 1), List.of(message(1)),
                    AppendCondition.noneMatchingAfter(query, position)))
                    .isInstanceOf(AppendConditionFailedException.class);
        }

        @Test
        void an_earlier_write_of_the_same_call_fails_a_later_condition_and_nothing_of_the_call_is_stored() {
            String tag = uniqueCategory("name:");
            StreamName first = stream(uniqueCategory("first"), 1);
            StreamName second = stream(uniqueCategory("second"), 1);

            assertThatThrownBy(() -> store().write(List.of(
                    StreamWrite.of(first, tagged("Claimed", tag)),
                    StreamWrite.of(second, AppendCondition.noneMatching(MessageQuery.tagged(tag)), tagged("Claimed", tag)))))
                    .isInstanceOf(AppendConditionFailedException.class);

            assertThat(store().streamVersion(first)).isEqualTo(-1);
            assertThat(store().streamVersion(second)).isEqualTo(-1);
            assertThat(store().readMatching(MessageQuery.tagged(tag), 1, 10)).isEmpty();
        }

        @Test
        void a_write_with_a_condition_and_an_expected_version_needs_both() {
            String tag = uniqueCategory("name:");
            StreamName stream = stream(uniqueCategory("both"), 1);
            store().write(stream, message(1));
            AppendCondition condition = AppendCondition.noneMatching(MessageQuery.tagged(tag));

            assertThatThrownBy(() -> store().write(List.of(new StreamWrite(stream, List.of(tagged("Claimed", tag)),
                    ExpectedVersion.noStream(), condition)))).isInstanceOf(ExpectedVersionException.class);
            store().write(List.of(new StreamWrite(stream, List.of(tagged("Claimed", tag)), ExpectedVersion.exactly(0), condition)));

            assertThat(store().streamVersion(stream)).isEqualTo(1);
        }
    }

    @Nested
    class BadInput {
        @Test
        void reads_refuse_a_negative_position_a_batch_below_one_and_no_query() {
            MessageQuery query = MessageQuery.tagged("t");
            assertThatThrownBy(() -> store().readMatching(query, -1, 10))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
            assertThatThrownBy(() -> store().readMatching(query, 1, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Batch size must be at least 1, was 0");
            assertThatThrownBy(() -> store().readMatching(null, 1, 10)).isInstanceOf(NullPointerException.class);
        }

        @Test
        void a_query_item_needs_a_tag_or_a_category_and_tags_are_not_blank() {
            assertThatThrownBy(() -> new Item(null, java.util.Set.of("VideoNamed"), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one tag or one category");
            assertThatThrownBy(() -> MessageQuery.tagged(" "))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
            assertThatThrownBy(() -> MessageQuery.inCategories("a-1"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Metadata.EMPTY.withTags("x".repeat(Metadata.MAX_TAG_LENGTH + 1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most " + Metadata.MAX_TAG_LENGTH);
        }

        @Test
        void a_condition_refuses_a_negative_position() {
            assertThatThrownBy(() -> AppendCondition.noneMatchingAfter(MessageQuery.tagged("t"), -1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was -1");
        }
    }

    @Nested
    class ConcurrentWriters {
        private static final int WRITERS = 8;

        @Test
        void of_writers_racing_the_same_condition_exactly_one_wins() throws Exception {
            for (int round = 0; round < 5; round++) {
                String tag = uniqueCategory("unique-name:");
                String category = uniqueCategory("race");
                AtomicInteger failed = new AtomicInteger();
                CyclicBarrier allRead = new CyclicBarrier(WRITERS);
                List<Boolean> wins = race(WRITERS, writer -> {
                    ConsistencyBoundary boundary = store().readBoundary(MessageQuery.tagged(tag));
                    // every writer has seen the name free before any of them writes: a true race
                    allRead.await(1, TimeUnit.MINUTES);
                    assertThat(boundary.messages()).isEmpty();
                    try {
                        store().write(stream(category, writer), List.of(tagged("NameClaimed", tag)), boundary.condition());
                        return true;
                    } catch (AppendConditionFailedException e) {
                        failed.incrementAndGet();
                        return false;
                    }
                });

                assertThat(wins.stream().filter(won -> won).count()).as("winners of round %d", round).isEqualTo(1);
                assertThat(failed.get()).isEqualTo(WRITERS - 1);
                assertThat(store().readMatching(MessageQuery.tagged(tag), 1, 100)).hasSize(1);
            }
        }

        @Test
        void writers_that_read_decide_and_retry_on_a_failed_condition_lose_no_update() throws Exception {
            String tag = uniqueCategory("counter:");
            String category = uniqueCategory("count");
            MessageQuery query = MessageQuery.tagged(tag);
            int increments = 10;

            race(WRITERS, writer -> {
                for (int done = 0; done < increments; ) {
                    ConsistencyBoundary boundary = store().readBoundary(query);
                    int next = boundary.messages().size() + 1;
                    // Unrelated writes in between must not fail anyone's condition.
                    store().write(stream(category + "other", writer), tagged("Noise", uniqueCategory("noise:")));
                    try {
                        store().write(stream(category, writer), List.of(NewMessage.of("Counted", "{\"n\":" + next + "}",
                                Metadata.EMPTY.withTags(tag))), boundary.condition());
                        done++;
                    } catch (AppendConditionFailedException e) {
                        assertThat(e.found()).isGreaterThan(boundary.position());
                    }
                }
                return true;
            });

            List<Message> counted = store().readBoundary(query).messages();
            assertThat(counted).hasSize(WRITERS * increments);
            for (int i = 0; i < counted.size(); i++) {
                assertSameJson(counted.get(i).data(), "{\"n\":" + (i + 1) + "}");
            }
        }

        private List<Boolean> race(int writers, Writer writer) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> futures = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int id = w;
                    futures.add(pool.submit(() -> {
                        go.await();
                        return writer.run(id);
                    }));
                }
                go.countDown();
                List<Boolean> outcomes = new ArrayList<>();
                for (Future<Boolean> future : futures) {
                    outcomes.add(future.get(2, TimeUnit.MINUTES));
                }
                return outcomes;
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @FunctionalInterface
    private interface Writer {
        boolean run(int writer) throws Exception;
    }
}
