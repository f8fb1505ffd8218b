package io.microlith.store.memory;

import io.microlith.message.Message;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.ExpectedVersionException;
import io.microlith.store.StreamWrite;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-memory store's optional hand-over of each commit's messages (CommitNotifications.onCommittedMessages). */
class CommittedMessagesTest {

    private final InMemoryMessageStore store = new InMemoryMessageStore();

    @Test
    void hands_over_each_commit_as_stored() {
        List<List<Message>> commits = new ArrayList<>();
        store.onCommittedMessages(commits::add).orElseThrow();

        store.write(List.of(
                StreamWrite.of(StreamName.of("account-1"), NewMessage.of("Opened", "{}")),
                StreamWrite.of(StreamName.of("account-2"), ExpectedVersion.noStream(),
                        NewMessage.of("Opened", "{}"), NewMessage.of("Deposited", "{\"amount\":1}"))));

        assertThat(commits).singleElement().satisfies(messages -> {
            assertThat(messages).extracting(Message::globalPosition).containsExactly(1L, 2L, 3L);
            assertThat(messages).isEqualTo(store.readAll(1, 10));
        });
    }

    @Test
    void hands_over_nothing_of_a_failed_write() {
        List<List<Message>> commits = new ArrayList<>();
        store.onCommittedMessages(commits::add).orElseThrow();

        assertThatThrownBy(() -> store.write(StreamName.of("account-1"), NewMessage.of("Opened", "{}"),
                ExpectedVersion.exactly(3))).isInstanceOf(ExpectedVersionException.class);

        assertThat(commits).isEmpty();
    }

    @Test
    void hands_over_commits_in_global_order_under_concurrent_writers() throws InterruptedException {
        List<Long> seen = new CopyOnWriteArrayList<>();
        store.onCommittedMessages(messages -> messages.forEach(m -> seen.add(m.globalPosition()))).orElseThrow();

        try (ExecutorService writers = Executors.newFixedThreadPool(8)) {
            for (int w = 0; w < 8; w++) {
                int writer = w;
                writers.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        store.write(StreamName.of("account-" + writer), NewMessage.of("Deposited", "{}"));
                    }
                });
            }
        }

        assertThat(seen).hasSize(4000).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void stops_when_the_registration_is_closed() {
        List<List<Message>> commits = new ArrayList<>();
        var registration = store.onCommittedMessages(commits::add).orElseThrow();
        registration.close();

        store.write(StreamName.of("account-1"), NewMessage.of("Opened", "{}"));

        assertThat(commits).isEmpty();
    }

    @Test
    void a_failing_listener_does_not_make_a_committed_write_look_failed() {
        store.onCommittedMessages(messages -> {
            throw new IllegalStateException("listener bug");
        }).orElseThrow();

        store.write(StreamName.of("account-1"), NewMessage.of("Opened", "{}"));

        assertThat(store.streamVersion(StreamName.of("account-1"))).isZero();
    }
}
