package io.microlith.sqlite;

import io.microlith.message.Message;
import io.microlith.message.Metadata;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.CommitNotifications.Registration;
import io.microlith.store.DuplicateMessageIdException;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.ExpectedVersionException;
import io.microlith.store.StreamWrite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SqliteMessageStore#onCommittedMessages}: each commit's messages, handed on without reading. */
class CommittedMessagesTest {

    @TempDir
    Path dir;
    SqliteMessageStore store;
    final List<List<Message>> commits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        store = SqliteMessageStore.open(dir.resolve("store.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Registration listen() {
        return store.onCommittedMessages(commits::add).orElseThrow();
    }

    private List<Message> delivered() {
        return commits.stream().flatMap(List::stream).toList();
    }

    private static NewMessage message(String type, String data) {
        return NewMessage.of(type, data);
    }

    @Nested
    class WhatIsHandedOn {

        @Test
        void hands_on_a_commits_messages_exactly_as_a_reader_reads_them() {
            listen();
            Metadata metadata = Metadata.correlated()
                    .withCorrelationStreamName(StreamName.of("web", "7"))
                    .withReplyStreamName(StreamName.of("web:reply", "7"))
                    .withSchemaVersion("2")
                    // a Long and a nested object come back from JSON as an Integer and a Map
                    .withProperty("count", 5L)
                    .withProperty("nested", Map.of("a", List.of(1, 2)));
            StreamName account = StreamName.of("account", "1");
            StreamName audit = StreamName.of("audit", "1");
            store.write(account, message("Opened", "{\"owner\":\"Zoë 🐘\"}"));
            store.write(List.of(
                    new StreamWrite(account, List.of(message("Deposited", "{\"n\":1}").withMetadata(metadata),
                            message("Deposited", "{\"n\":2}")), ExpectedVersion.exactly(0)),
                    new StreamWrite(audit, List.of(message("Logged", "[1, 2]").withMetadata(metadata)), ExpectedVersion.any())));

            List<Message> read = new ArrayList<>(store.readCategory("account", 1, 100));
            read.addAll(store.readCategory("audit", 1, 100));
            assertThat(commits).hasSize(2);
            assertThat(commits.get(0)).containsExactlyElementsOf(read.subList(0, 1));
            assertThat(commits.get(1)).containsExactlyElementsOf(read.subList(1, 4));
            assertThat(commits.get(1)).extracting(Message::globalPosition).containsExactly(2L, 3L, 4L);
            assertThat(commits.get(1).get(0).metadata().properties()).isEqualTo(read.get(1).metadata().properties());
        }

        @Test
        void hands_on_every_message_once_in_global_order_across_eight_concurrent_writers() throws Exception {
            listen();
            int writers = 8;
            int writesEach = 300;
            try (var executor = Executors.newFixedThreadPool(writers)) {
                for (int t = 0; t < writers; t++) {
                    int writer = t;
                    executor.submit(() -> {
                        for (int i = 0; i < writesEach; i++) {
                            StreamName stream = StreamName.of(writer % 2 == 0 ? "even" : "odd", writer + "-" + i % 10);
                            if (i % 3 == 0) {
                                store.write(List.of(StreamWrite.of(stream, ExpectedVersion.any(), message("A", "" + i), message("B", "" + i))));
                            } else {
                                store.write(stream, message("A", "" + i));
                            }
                        }
                        return null;
                    });
                }
            }

            List<Message> all = store.readAll(1, 100_000);
            assertThat(all).hasSize(writers * (writesEach + 100));
            assertThat(delivered()).containsExactlyElementsOf(all);
            assertThat(commits).allSatisfy(commit -> assertThat(commit).isNotEmpty());
            List<Message> byCategory = new ArrayList<>(store.readCategory("even", 1, 100_000));
            assertThat(delivered().stream().filter(m -> m.category().equals("even")).toList())
                    .containsExactlyElementsOf(byCategory);
        }
    }

    @Nested
    class WhatIsLeftOut {

        @Test
        void leaves_out_writes_rejected_inside_a_mixed_group_commit() throws Exception {
            StreamName a = StreamName.of("account", "a");
            StreamName b = StreamName.of("account", "b");
            NewMessage stored = message("Stored", "0");
            store.write(StreamName.of("account", "s"), stored);
            listen();
            List<Future<?>> futures = new ArrayList<>();
            try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
                withWriterHeld(() -> {
                    futures.add(executor.submit(() -> store.write(a, message("A", "1"), ExpectedVersion.noStream())));
                    awaitQueued(1);
                    // a stored id: the transaction is rolled back and replayed without this write
                    futures.add(executor.submit(() -> store.write(b, stored.withMetadata(Metadata.EMPTY))));
                    awaitQueued(2);
                    futures.add(executor.submit(() -> store.write(a, message("A", "2"), ExpectedVersion.noStream())));
                    awaitQueued(3);
                    futures.add(executor.submit(() -> store.write(b, message("B", "1"))));
                    awaitQueued(4);
                });
            }

            assertThat(causeOf(futures.get(1))).isInstanceOf(DuplicateMessageIdException.class);
            assertThat(causeOf(futures.get(2))).isInstanceOf(ExpectedVersionException.class);
            List<Message> all = store.readAll(2, 100);
            assertThat(all).extracting(Message::type).containsExactly("Hold", "A", "B");
            // the held write's commit, then one commit of the batch holding only its two accepted writes
            assertThat(commits).hasSize(2);
            assertThat(commits.get(0)).containsExactly(all.get(0));
            assertThat(commits.get(1)).containsExactlyElementsOf(all.subList(1, 3));
        }

        @Test
        void hands_on_nothing_for_a_write_that_fails_alone() {
            StreamName stream = StreamName.of("account", "1");
            store.write(stream, message("Opened", "{}"));
            listen();

            assertThatThrownBy(() -> store.write(stream, message("Again", "{}"), ExpectedVersion.noStream()))
                    .isInstanceOf(ExpectedVersionException.class);

            assertThat(commits).isEmpty();
        }

        @Test
        void stops_handing_on_once_the_registration_is_closed() {
            Registration registration = listen();
            store.write(StreamName.of("account", "1"), message("First", "{}"));

            registration.close();
            registration.close();
            store.write(StreamName.of("account", "1"), message("Second", "{}"));

            assertThat(delivered()).extracting(Message::type).containsExactly("First");
        }
    }

    @Nested
    class MisbehavingListeners {

        @Test
        void keeps_the_write_and_calls_the_other_listeners_when_one_throws() {
            store.onCommittedMessages(messages -> {
                throw new IllegalStateException("listener bug");
            });
            listen();

            store.write(StreamName.of("account", "1"), message("Opened", "{}"));

            assertThat(delivered()).containsExactlyElementsOf(store.readAll(1, 10));
        }

        @Test
        void refuses_a_write_from_a_listener_instead_of_waiting_for_itself_forever() {
            List<Throwable> refused = new CopyOnWriteArrayList<>();
            store.onCommittedMessages(messages -> {
                try {
                    store.write(StreamName.of("echo", "1"), message("Echo", "{}"));
                } catch (RuntimeException e) {
                    refused.add(e);
                }
            });

            store.write(StreamName.of("account", "1"), message("Opened", "{}"));

            assertThat(refused).singleElement().isInstanceOf(IllegalStateException.class);
            assertThat(store.headGlobalPosition()).isEqualTo(1);
        }
    }

    /** Holds the writer inside a commit listener so that the next requests queue up into one batch. */
    private void withWriterHeld(Runnable whileHeld) throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Registration registration = store.onCommit((category, position) -> {
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

    private void awaitQueued(int count) {
        while (store.queuedWrites() < count) {
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private static Throwable causeOf(Future<?> future) throws InterruptedException {
        try {
            future.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
