package io.microlith.sqlite;

import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.MessageStoreException;
import io.microlith.store.WriteResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Decision 0101: after {@link GroupCommitWriter#QUIET_COMMITS} commits in a row of a single request, a write that
 * finds nothing queued and nobody committing is committed on its caller's thread; the writer thread still commits
 * what queues meanwhile, after it, in one batch, and after a batch of several, callers queue again until enough
 * single commits in a row; strict mode keeps every commit on the writer thread; close waits for a caller's commit in
 * progress.
 */
class CommitsOnCallersThreadTest {

    @TempDir
    Path dir;

    @Test
    void commits_a_lone_write_on_the_callers_thread_once_the_writer_thread_committed_enough_single_writes_in_a_row() {
        try (SqliteMessageStore store = SqliteMessageStore.open(dir.resolve("store.db"))) {
            List<String> committers = new CopyOnWriteArrayList<>();
            store.onCommittedMessages(messages -> committers.add(Thread.currentThread().getName()));

            writeAlone(store, GroupCommitWriter.QUIET_COMMITS);
            assertThat(committers).hasSize(GroupCommitWriter.QUIET_COMMITS).containsOnly("microlith-writer");

            store.write(StreamName.of("account", "1"), NewMessage.of("Opened", "{}"));
            assertThat(committers.getLast()).isEqualTo(Thread.currentThread().getName());
        }
    }

    @Test
    void keeps_every_strict_commit_on_the_writer_thread_so_that_callers_share_fsyncs() {
        try (SqliteMessageStore store = SqliteMessageStore.open("sqlite:" + dir.resolve("strict.db") + "?durability=strict")) {
            List<String> committers = new CopyOnWriteArrayList<>();
            store.onCommittedMessages(messages -> committers.add(Thread.currentThread().getName()));

            writeAlone(store, GroupCommitWriter.QUIET_COMMITS + 1);

            assertThat(committers).hasSize(GroupCommitWriter.QUIET_COMMITS + 1).containsOnly("microlith-writer");
        }
    }

    @Test
    void what_queues_while_a_caller_commits_goes_after_it_in_one_batch_and_then_lone_writes_queue_until_a_batch_of_one()
            throws Exception {
        try (SqliteMessageStore store = SqliteMessageStore.open(dir.resolve("store.db"))) {
            writeAlone(store, GroupCommitWriter.QUIET_COMMITS);
            List<String> commits = new CopyOnWriteArrayList<>();
            Held held = holdACommitOnACallersThread(store, commits);

            List<CompletableFuture<WriteResult>> queued = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 3; i++) {
                int n = i;
                queued.add(CompletableFuture.supplyAsync(() -> store.write(StreamName.of("account", "" + n),
                        NewMessage.of("Opened", "{}")), runnable -> Thread.startVirtualThread(runnable)));
            }
            while (store.queuedWrites() < 3) {
                Thread.onSpinWait();
            }
            held.release().countDown();

            long first = GroupCommitWriter.QUIET_COMMITS + 1;
            assertThat(held.write().get(10, TimeUnit.SECONDS).lastGlobalPosition()).isEqualTo(first);
            assertThat(queued).allSatisfy(f -> assertThat(f.get(10, TimeUnit.SECONDS).lastGlobalPosition())
                    .isBetween(first + 1, first + 3));
            assertThat(commits).containsExactly("caller:1", "microlith-writer:3");

            // writers arrived together: lone writes queue again until enough single commits in a row
            store.write(StreamName.of("account", "late"), NewMessage.of("Opened", "{}"));
            assertThat(commits.getLast()).isEqualTo("microlith-writer:1");
            writeAlone(store, GroupCommitWriter.QUIET_COMMITS - 1);
            store.write(StreamName.of("account", "alone"), NewMessage.of("Opened", "{}"));
            assertThat(commits.getLast()).isEqualTo(Thread.currentThread().getName() + ":1");
        }
    }

    @Test
    void close_waits_for_a_callers_commit_in_progress_then_refuses_writes() throws Exception {
        SqliteMessageStore store = SqliteMessageStore.open(dir.resolve("store.db"));
        writeAlone(store, GroupCommitWriter.QUIET_COMMITS);
        List<String> commits = new CopyOnWriteArrayList<>();
        Held held = holdACommitOnACallersThread(store, commits);
        assertThat(commits).containsExactly("caller:1");
        CompletableFuture<Void> closing = CompletableFuture.runAsync(store::close, runnable -> Thread.ofPlatform().start(runnable));

        Thread.sleep(200); // gives close() time to run ahead, were it not waiting for the commit
        assertThat(closing).isNotDone();
        held.release().countDown();

        assertThat(held.write().get(10, TimeUnit.SECONDS).lastGlobalPosition()).isEqualTo(GroupCommitWriter.QUIET_COMMITS + 1);
        closing.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> store.write(StreamName.of("account", "1"), NewMessage.of("Opened", "{}")))
                .isInstanceOf(MessageStoreException.class).hasMessageContaining("is closed");
        try (SqliteMessageStore reopened = SqliteMessageStore.open(dir.resolve("store.db"))) {
            assertThat(reopened.headGlobalPosition()).isEqualTo(GroupCommitWriter.QUIET_COMMITS + 1);
        }
    }

    /** A write to category {@code hold} whose commit is held in a listener until {@code release} counts down. */
    private record Held(CompletableFuture<WriteResult> write, CountDownLatch release) {
    }

    /**
     * Starts a write on a platform thread named {@code caller} and returns once its commit's listener holds it; records
     * each commit but those of category {@code warm} in {@code commits}, as "thread:messages".
     */
    private static Held holdACommitOnACallersThread(SqliteMessageStore store, List<String> commits) throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        store.onCommittedMessages(messages -> {
            if (!messages.getFirst().category().equals("warm")) {
                commits.add(Thread.currentThread().getName() + ":" + messages.size());
            }
            if (messages.getFirst().category().equals("hold")) {
                entered.countDown();
                await(release);
            }
        });
        CompletableFuture<WriteResult> write = CompletableFuture.supplyAsync(
                () -> store.write(StreamName.of("hold", "1"), NewMessage.of("Held", "{}")),
                runnable -> Thread.ofPlatform().name("caller").start(runnable));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        return new Held(write, release);
    }

    /** Writes {@code count} messages one after another from this thread, to category {@code warm}. */
    private static void writeAlone(SqliteMessageStore store, int count) {
        for (int i = 0; i < count; i++) {
            store.write(StreamName.of("warm", "" + i), NewMessage.of("Warmed", "{}"));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
