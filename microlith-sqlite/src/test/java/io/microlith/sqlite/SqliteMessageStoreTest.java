package io.microlith.sqlite;

import io.microlith.message.InvalidStreamNameException;
import io.microlith.message.Message;
import io.microlith.message.Metadata;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.AppendCondition;
import io.microlith.store.AppendConditionFailedException;
import io.microlith.store.CategoryQuery;
import io.microlith.store.MessageQuery;
import io.microlith.store.ConsumerGroup;
import io.microlith.store.DuplicateMessageIdException;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.ExpectedVersionException;
import io.microlith.store.MessageStoreException;
import io.microlith.store.MessageTooLargeException;
import io.microlith.store.StreamWrite;
import io.microlith.store.WriteResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteMessageStoreTest {

    @TempDir
    Path dir;
    SqliteMessageStore store;

    @BeforeEach
    void open() {
        store = SqliteMessageStore.open(dir.resolve("store.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    static NewMessage message(String type, String data) {
        return NewMessage.of(type, data);
    }

    @Nested
    class Writing {

        @Test
        void reads_back_an_acknowledged_message_identical() {
            StreamName stream = StreamName.of("account", "1");
            Metadata metadata = Metadata.correlated()
                    .withCorrelationStreamName(StreamName.of("web", "7"))
                    .withReplyStreamName(StreamName.of("web:reply", "7"))
                    .withSchemaVersion("2")
                    .withProperty("tenant", "acme");
            NewMessage written = NewMessage.of("Opened", "{\"owner\":\"Zoë 🐘\",\"n\":1}", metadata);
            Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);

            WriteResult result = store.write(stream, written, ExpectedVersion.noStream());

            Message read = store.readStream(stream, 0).get(0);
            assertThat(result).isEqualTo(new WriteResult(stream, 0, 0, 1));
            assertThat(read.id()).isEqualTo(written.id());
            assertThat(read.streamName()).isEqualTo(stream);
            assertThat(read.type()).isEqualTo("Opened");
            assertThat(read.data()).isEqualTo(written.data());
            assertThat(read.metadata()).isEqualTo(metadata);
            assertThat(read.position()).isZero();
            assertThat(read.globalPosition()).isEqualTo(1);
            assertThat(read.time()).isBetween(before, Instant.now()).isEqualTo(read.time().truncatedTo(ChronoUnit.MICROS));
        }

        @Test
        void numbers_positions_from_zero_and_global_positions_from_one_without_gaps() {
            StreamName a = StreamName.of("account", "1");
            StreamName b = StreamName.of("account", "2");
            store.write(a, List.of(message("A", "1"), message("A", "2")), ExpectedVersion.any());
            store.write(b, message("B", "3"));
            store.write(a, message("A", "4"));

            assertThat(store.readAll(1, 10)).extracting(Message::streamName, Message::position, Message::globalPosition)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(a, 0L, 1L),
                            org.assertj.core.groups.Tuple.tuple(a, 1L, 2L),
                            org.assertj.core.groups.Tuple.tuple(b, 0L, 3L),
                            org.assertj.core.groups.Tuple.tuple(a, 2L, 4L));
            assertThat(store.streamVersion(a)).isEqualTo(2);
            assertThat(store.headGlobalPosition()).isEqualTo(4);
        }

        @Test
        void rejects_a_write_when_the_stream_moved_past_the_expected_version() {
            StreamName stream = StreamName.of("account", "1");
            store.write(stream, message("A", "1"));
            store.write(stream, message("A", "2"));

            assertThatThrownBy(() -> store.write(stream, message("A", "3"), ExpectedVersion.exactly(0)))
                    .isInstanceOfSatisfying(ExpectedVersionException.class, e -> {
                        assertThat(e.streamName()).isEqualTo(stream);
                        assertThat(e.expected()).isEqualTo(ExpectedVersion.exactly(0));
                        assertThat(e.actual()).isEqualTo(1);
                    })
                    .hasMessageContaining("expected 0 but stream account-1 is at 1");
            assertThat(store.streamVersion(stream)).isEqualTo(1);
        }

        @Test
        void writes_nothing_to_any_stream_when_one_expected_version_of_a_multi_stream_write_fails() {
            StreamName a = StreamName.of("account", "1");
            StreamName b = StreamName.of("account", "2");
            store.write(b, message("B", "0"));

            assertThatThrownBy(() -> store.write(List.of(
                    StreamWrite.of(a, ExpectedVersion.noStream(), message("A", "1")),
                    StreamWrite.of(b, ExpectedVersion.noStream(), message("B", "1")))))
                    .isInstanceOf(ExpectedVersionException.class);

            assertThat(store.streamVersion(a)).isEqualTo(-1);
            assertThat(store.headGlobalPosition()).isEqualTo(1);
        }

        @Test
        void lets_two_writes_to_one_stream_in_one_call_see_each_other() {
            StreamName a = StreamName.of("account", "1");
            List<WriteResult> results = store.write(List.of(
                    StreamWrite.of(a, ExpectedVersion.noStream(), message("A", "1")),
                    StreamWrite.of(a, ExpectedVersion.exactly(0), message("A", "2"), message("A", "3"))));

            assertThat(results).containsExactly(new WriteResult(a, 0, 0, 1), new WriteResult(a, 1, 2, 3));
        }

        @Test
        void rejects_a_message_id_that_is_already_stored_and_writes_nothing_of_that_write() {
            StreamName stream = StreamName.of("account", "1");
            NewMessage first = message("A", "1");
            store.write(stream, first);

            assertThatThrownBy(() -> store.write(stream, List.of(message("A", "2"), first.withMetadata(Metadata.EMPTY)),
                    ExpectedVersion.any()))
                    .isInstanceOfSatisfying(DuplicateMessageIdException.class,
                            e -> assertThat(e.messageId()).isEqualTo(first.id()));
            assertThat(store.readStream(stream, 0)).extracting(Message::id).containsExactly(first.id());
            assertThat(store.headGlobalPosition()).isEqualTo(1);
        }

        @Test
        void rejects_a_write_that_repeats_an_id_within_itself() {
            StreamName stream = StreamName.of("account", "1");
            NewMessage twice = message("A", "1");

            assertThatThrownBy(() -> store.write(stream, List.of(twice, twice), ExpectedVersion.any()))
                    .isInstanceOf(DuplicateMessageIdException.class);
            assertThat(store.streamVersion(stream)).isEqualTo(-1);
        }

        @Test
        void stores_a_one_megabyte_payload_and_empty_metadata_as_null() {
            StreamName stream = StreamName.of("blob", "1");
            String big = "\"" + "x".repeat((1 << 20) - 2) + "\""; // the largest the store takes by default
            store.write(stream, message("Big", big));

            Message read = store.lastMessage(stream).orElseThrow();
            assertThat(read.data()).isEqualTo(big);
            assertThat(read.metadata()).isEqualTo(Metadata.EMPTY);
        }
    }

    @Nested
    class GroupCommit {

        /** Holds the writer inside a commit listener so that the next requests queue up into one batch. */
        private void withWriterHeld(Runnable whileHeld) throws Exception {
            java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            var registration = store.onCommit((category, position) -> {
                if (category.equals("hold")) {
                    entered.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            Thread holder = Thread.startVirtualThread(() -> store.write(StreamName.of("hold", "1"), message("Hold", "{}")));
            entered.await();
            try {
                whileHeld.run();
            } finally {
                release.countDown();
                holder.join();
                registration.close();
            }
        }

        private static Object outcome(java.util.concurrent.Future<WriteResult> future) throws Exception {
            try {
                return future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                return e.getCause();
            }
        }

        @Test
        void gives_each_caller_of_one_batch_its_own_result_or_its_own_error() throws Exception {
            StreamName a = StreamName.of("account", "a");
            StreamName b = StreamName.of("account", "b");
            NewMessage stored = message("Stored", "0");
            store.write(StreamName.of("account", "s"), stored);
            NewMessage shared = message("Shared", "1");
            List<java.util.concurrent.Future<WriteResult>> futures = new ArrayList<>();

            try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                withWriterHeld(() -> {
                    futures.add(executor.submit(() -> store.write(a, message("A", "1"), ExpectedVersion.noStream())));
                    awaitQueued(1);
                    futures.add(executor.submit(() -> store.write(b, stored.withMetadata(Metadata.EMPTY))));
                    awaitQueued(2);
                    futures.add(executor.submit(() -> store.write(a, message("A", "2"), ExpectedVersion.noStream())));
                    awaitQueued(3);
                    futures.add(executor.submit(() -> store.write(b, shared)));
                    awaitQueued(4);
                    futures.add(executor.submit(() -> store.write(a, shared)));
                    awaitQueued(5);
                    futures.add(executor.submit(() -> store.write(a, message("A", "3"), ExpectedVersion.exactly(0))));
                    awaitQueued(6);
                });
            }

            assertThat(outcome(futures.get(0))).isEqualTo(new WriteResult(a, 0, 0, 3));
            assertThat(outcome(futures.get(1))).isInstanceOf(DuplicateMessageIdException.class);
            assertThat(outcome(futures.get(2))).isInstanceOfSatisfying(ExpectedVersionException.class,
                    e -> assertThat(e.actual()).isZero());
            assertThat(outcome(futures.get(3))).isEqualTo(new WriteResult(b, 0, 0, 4));
            assertThat(outcome(futures.get(4))).isInstanceOf(DuplicateMessageIdException.class);
            assertThat(outcome(futures.get(5))).isEqualTo(new WriteResult(a, 1, 1, 5));
            assertThat(store.readAll(1, 100)).extracting(Message::globalPosition).containsExactly(1L, 2L, 3L, 4L, 5L);
        }

        @Test
        void checks_each_condition_against_the_callers_accepted_before_it_in_the_same_commit() throws Exception {
            String tag = "product-name:tea";
            AppendCondition free = AppendCondition.noneMatching(MessageQuery.tagged(tag));
            NewMessage known = message("Known", "{}");
            store.write(StreamName.of("other", "0"), known);
            List<java.util.concurrent.Future<WriteResult>> futures = new ArrayList<>();

            try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                withWriterHeld(() -> {
                    // left out (a stored id): its tag must not fail the conditions after it
                    futures.add(executor.submit(() -> store.write(StreamName.of("product", "x"),
                            List.of(known.withMetadata(Metadata.EMPTY.withTags(tag))), ExpectedVersion.any())));
                    awaitQueued(1);
                    futures.add(executor.submit(() -> store.write(StreamName.of("product", "a"),
                            List.of(NewMessage.of("Added", "{}", Metadata.EMPTY.withTags(tag))), free)));
                    awaitQueued(2);
                    futures.add(executor.submit(() -> store.write(StreamName.of("product", "b"),
                            List.of(NewMessage.of("Added", "{}", Metadata.EMPTY.withTags(tag))), free)));
                    awaitQueued(3);
                });
            }

            assertThat(outcome(futures.get(0))).isInstanceOf(DuplicateMessageIdException.class);
            assertThat(outcome(futures.get(1))).isEqualTo(new WriteResult(StreamName.of("product", "a"), 0, 0, 3));
            assertThat(outcome(futures.get(2))).isInstanceOfSatisfying(AppendConditionFailedException.class,
                    e -> assertThat(e.found()).isEqualTo(3));
            assertThat(store.readMatching(MessageQuery.tagged(tag), 1, 10)).extracting(Message::streamName)
                    .containsExactly(StreamName.of("product", "a"));
        }

        @Test
        void commits_a_queued_batch_in_one_transaction_and_notifies_once_per_category() throws Exception {
            List<String> notified = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                withWriterHeld(() -> {
                    // the held commit is not waiting: counting it let awaitQueued(10) pass with 9 queued (CI, stop 19)
                    assertThat(store.queuedWrites()).isZero();
                    store.onCommit((category, position) -> notified.add(category + "@" + position));
                    for (int i = 0; i < 10; i++) {
                        int n = i;
                        executor.submit(() -> store.write(StreamName.of(n % 2 == 0 ? "even" : "odd", "" + n),
                                message("N", "" + n)));
                    }
                    awaitQueued(10);
                });
            }
            // Position 1 is the held write (notified before this listener existed); the ten queued writes
            // share one commit with positions 2..11, so each category is notified once, with its highest.
            assertThat(notified).containsExactlyInAnyOrder("even@" + lastOf("even"), "odd@" + lastOf("odd"));
            assertThat(store.headGlobalPosition()).isEqualTo(11);
        }

        private long lastOf(String category) {
            List<Message> messages = store.readCategory(category, 1, 100);
            return messages.get(messages.size() - 1).globalPosition();
        }

        private void awaitQueued(int count) {
            while (store.queuedWrites() < count) {
                Thread.onSpinWait();
                Thread.yield();
            }
        }

        @Test
        void lets_exactly_one_of_eight_racing_writers_win_each_version() throws Exception {
            StreamName stream = StreamName.of("race", "1");
            int rounds = 200;
            java.util.concurrent.atomic.AtomicInteger wins = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger conflicts = new java.util.concurrent.atomic.AtomicInteger();
            try (var executor = java.util.concurrent.Executors.newFixedThreadPool(8)) {
                for (int t = 0; t < 8; t++) {
                    executor.submit(() -> {
                        for (long version = -1; version < rounds - 1; ) {
                            try {
                                store.write(stream, message("Try", "1"), ExpectedVersion.exactly(version));
                                wins.incrementAndGet();
                                version++;
                            } catch (ExpectedVersionException e) {
                                conflicts.incrementAndGet();
                                version = e.actual();
                            }
                        }
                        return null;
                    });
                }
            }
            // Every version was won exactly once: as many wins as messages, positions 0..rounds-1.
            assertThat(wins.get()).isEqualTo(rounds);
            assertThat(store.streamVersion(stream)).isEqualTo(rounds - 1);
            assertThat(store.readStream(stream, 0, 10_000)).extracting(Message::position)
                    .containsExactlyElementsOf(IntStream.range(0, rounds).mapToObj(i -> (long) i).toList());
            assertThat(conflicts.get()).isPositive();
        }
    }

    @Nested
    class Reading {

        @Test
        void reads_a_category_in_global_order_from_a_position_in_batches() {
            for (int i = 0; i < 10; i++) {
                store.write(StreamName.of(i % 2 == 0 ? "account" : "other", "" + i), message("N", "" + i));
            }
            assertThat(store.readCategory("account", 4, 2)).extracting(Message::globalPosition).containsExactly(5L, 7L);
            assertThat(store.readCategory("account", 10, 2)).isEmpty();
            assertThat(store.readCategory("account:command", 1, 10)).isEmpty();
        }

        @Test
        void puts_every_stream_on_the_consumer_group_member_that_core_computes() {
            for (int i = 0; i < 60; i++) {
                store.write(StreamName.of("account", "e" + (i % 20) + (i % 3 == 0 ? "+x" : "")), message("N", "" + i));
            }
            for (int size = 1; size <= 5; size++) {
                List<Message> seen = new ArrayList<>();
                for (int member = 0; member < size; member++) {
                    ConsumerGroup group = new ConsumerGroup(member, size);
                    List<Message> messages = store.readCategory(CategoryQuery.of("account").consumerGroup(group));
                    assertThat(messages).allMatch(m -> group.includes(m.streamName()));
                    seen.addAll(messages);
                }
                assertThat(seen).hasSize(60);
            }
        }

        @Test
        void filters_a_category_by_the_category_of_the_correlation_stream() {
            StreamName stream = StreamName.of("account", "1");
            store.write(stream, NewMessage.of("A", "1", Metadata.EMPTY.withCorrelationStreamName(StreamName.of("web", "1"))));
            store.write(stream, NewMessage.of("B", "2", Metadata.EMPTY.withCorrelationStreamName(StreamName.of("web:reply", "1"))));
            store.write(stream, message("C", "3"));

            assertThat(store.readCategory(CategoryQuery.of("account").correlation("web")))
                    .extracting(Message::type).containsExactly("A");
        }

        @Test
        void finds_the_last_message_of_a_stream_and_of_a_type() {
            StreamName stream = StreamName.of("account", "1");
            store.write(stream, List.of(message("A", "1"), message("B", "2"), message("A", "3"), message("C", "4")),
                    ExpectedVersion.any());

            assertThat(store.lastMessage(stream)).get().extracting(Message::type).isEqualTo("C");
            assertThat(store.lastMessage(stream, "A")).get().extracting(Message::position).isEqualTo(2L);
            assertThat(store.lastMessage(stream, "Z")).isEmpty();
            assertThat(store.lastMessage(StreamName.of("account", "2"))).isEmpty();
            assertThat(store.streamVersion(StreamName.of("account", "2"))).isEqualTo(-1);
        }
    }

    @Nested
    class BadInput {

        @Test
        void rejects_reading_a_bare_category_as_a_stream() {
            assertThatThrownBy(() -> store.readStream(StreamName.of("account"), 0))
                    .isInstanceOf(InvalidStreamNameException.class);
        }

        @Test
        void rejects_a_negative_position_and_a_zero_batch_size() {
            StreamName stream = StreamName.of("account", "1");
            assertThatThrownBy(() -> store.readStream(stream, -1, 10)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("-1");
            assertThatThrownBy(() -> store.readStream(stream, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Batch size");
            assertThatThrownBy(() -> store.readAll(-1, 10)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void rejects_an_empty_write() {
            assertThatThrownBy(() -> store.write(List.of())).isInstanceOf(IllegalArgumentException.class);
            assertThat(store.headGlobalPosition()).isZero();
        }

        @Test
        void takes_messages_up_to_the_configured_maximum() {
            StreamName stream = StreamName.of("blob", "2");
            String big = "\"" + "x".repeat(3 << 20) + "\"";
            try (SqliteMessageStore small = SqliteMessageStore.open("sqlite:" + dir.resolve("small.db") + "?maxMessageBytes=16384");
                 SqliteMessageStore large = SqliteMessageStore.open(
                         SqliteConfig.of(dir.resolve("large.db")).maxMessageBytes(4 << 20))) {
                assertThatThrownBy(() -> small.write(stream, message("Big", "\"" + "x".repeat(16383) + "\"")))
                        .isInstanceOf(MessageTooLargeException.class).hasMessageContaining("16385 bytes");
                assertThat(small.headGlobalPosition()).isZero();

                large.write(stream, message("Big", big));
                assertThat(large.lastMessage(stream).orElseThrow().data()).isEqualTo(big);
            }
        }
    }

    @Nested
    class Lifecycle {

        @Test
        void keeps_messages_across_close_and_reopen() {
            StreamName stream = StreamName.of("account", "1");
            NewMessage written = message("A", "{\"a\":1}");
            store.write(stream, written);
            store.close();

            store = SqliteMessageStore.open(dir.resolve("store.db"));
            assertThat(store.readStream(stream, 0)).extracting(Message::id).containsExactly(written.id());
            assertThat(store.headGlobalPosition()).isEqualTo(1);
            assertThat(store.write(stream, message("A", "2"), ExpectedVersion.exactly(0)).lastGlobalPosition()).isEqualTo(2);
        }

        @Test
        void refuses_writes_and_reads_after_close() {
            store.close();
            StreamName stream = StreamName.of("account", "1");
            assertThatThrownBy(() -> store.write(stream, message("A", "1"))).isInstanceOf(MessageStoreException.class)
                    .hasMessageContaining("closed");
            assertThatThrownBy(() -> store.readStream(stream, 0)).isInstanceOf(MessageStoreException.class)
                    .hasMessageContaining("closed");
        }

        @Test
        void completes_writes_queued_before_close() throws Exception {
            List<java.util.concurrent.Future<WriteResult>> futures = new ArrayList<>();
            try (var executor = java.util.concurrent.Executors.newFixedThreadPool(4)) {
                for (int i = 0; i < 200; i++) {
                    int n = i;
                    futures.add(executor.submit(() -> store.write(StreamName.of("account", "" + (n % 7)), message("N", "" + n))));
                }
                Thread.sleep(5);
                store.close();
            }
            int written = 0;
            for (var future : futures) {
                try {
                    future.get();
                    written++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(MessageStoreException.class).hasMessageContaining("closed");
                }
            }
            store = SqliteMessageStore.open(dir.resolve("store.db"));
            assertThat(store.headGlobalPosition()).isEqualTo(written);
        }

        @Test
        void refuses_to_open_a_file_that_is_already_open() {
            assertThatThrownBy(() -> SqliteMessageStore.open(dir.resolve("store.db")))
                    .isInstanceOf(MessageStoreException.class)
                    .hasMessageContaining("already open");
        }

        @Test
        void upgrades_a_version_1_file_and_indexes_the_tags_of_its_messages() throws Exception {
            StreamName stream = StreamName.of("product", "1");
            store.write(stream, NewMessage.of("Added", "{}", Metadata.EMPTY.withTags("product-name:tea", "shop:1")));
            store.write(stream, NewMessage.of("Odd", "{}", Metadata.EMPTY.withProperty("tags", "not-a-list")));
            store.close();
            // turn the file back into version 1, as written before tags existed
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("store.db"));
                 var s = c.createStatement()) {
                s.execute("DROP TABLE message_tags");
                s.execute("PRAGMA user_version = 1");
            }

            store = SqliteMessageStore.open(dir.resolve("store.db"));

            assertThat(store.readMatching(MessageQuery.tagged("product-name:tea", "shop:1"), 1, 10))
                    .extracting(Message::type).containsExactly("Added");
            assertThat(store.readMatching(MessageQuery.tagged("not-a-list"), 1, 10)).isEmpty();
            assertThatThrownBy(() -> store.write(StreamName.of("product", "2"), List.of(NewMessage.of("Added", "{}")),
                    AppendCondition.noneMatching(MessageQuery.tagged("shop:1"))))
                    .isInstanceOf(AppendConditionFailedException.class);
        }

        @Test
        void refuses_a_file_written_by_a_newer_schema_version_and_leaves_it_unchanged() throws Exception {
            store.close();
            Path file = dir.resolve("store.db");
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                 var s = c.createStatement()) {
                s.execute("PRAGMA user_version = " + (Schema.VERSION + 1));
            }

            assertThatThrownBy(() -> store = SqliteMessageStore.open(file))
                    .isInstanceOfSatisfying(IncompatibleStoreFileException.class, e -> {
                        assertThat(e.foundVersion()).isEqualTo(Schema.VERSION + 1);
                        assertThat(e.supportedVersion()).isEqualTo(Schema.VERSION);
                    })
                    .hasMessageContaining("newer Microlith");
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                 var s = c.createStatement(); var rs = s.executeQuery("PRAGMA user_version")) {
                assertThat(rs.getInt(1)).isEqualTo(Schema.VERSION + 1);
            }
            store = SqliteMessageStore.open(dir.resolve("other.db"));
        }

        @Test
        void refuses_a_sqlite_file_of_another_application() throws Exception {
            Path file = dir.resolve("foreign.db");
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                 var s = c.createStatement()) {
                s.execute("CREATE TABLE people (name TEXT)");
            }
            assertThatThrownBy(() -> SqliteMessageStore.open(file))
                    .isInstanceOf(IncompatibleStoreFileException.class)
                    .hasMessageContaining("another application");
        }

        @Test
        void opens_a_store_from_a_url_and_creates_missing_directories() {
            Path file = dir.resolve("nested/deeper/store.db");
            try (SqliteMessageStore opened = SqliteMessageStore.open("sqlite:" + file + "?durability=strict")) {
                opened.write(StreamName.of("a", "1"), message("A", "1"));
                assertThat(opened.config().durability()).isEqualTo(Durability.STRICT);
            }
            assertThat(file).exists();
        }

        @Test
        void is_chosen_by_a_store_setting_through_the_core_registry() {
            Path file = dir.resolve("by-setting.db");
            try (var opened = io.microlith.store.MessageStores.open("sqlite:" + file)) {
                assertThat(opened).isInstanceOf(SqliteMessageStore.class);
            }
        }

        @Test
        void gives_each_message_its_own_random_id_in_the_file() {
            UUID id = UUID.randomUUID();
            store.write(StreamName.of("a", "1"), new NewMessage(id, "A", "{}", Metadata.EMPTY));
            assertThat(store.readAll(1, 1).get(0).id()).isEqualTo(id);
        }
    }
}
