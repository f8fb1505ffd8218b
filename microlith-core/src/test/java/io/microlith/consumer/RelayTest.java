package io.microlith.consumer;

import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.memory.InMemoryMessageStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RelayTest {
    private final InMemoryMessageStore store = new InMemoryMessageStore();
    private final List<String> published = Collections.synchronizedList(new ArrayList<>());

    private void write(String stream, String type) {
        store.write(StreamName.of(stream), NewMessage.of(type, "{}"));
    }

    @Test
    void publishes_every_stored_message_of_its_category_in_global_order() {
        try (Relay relay = Relay.builder(store, "account", "test").build((m, resent) -> published.add(m.type())).start()) {
            write("account-1", "Opened");
            write("other-1", "Ignored");
            write("account-2", "Opened");
            write("account-1", "Closed");

            await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 3);
            assertThat(published).containsExactly("Opened", "Opened", "Closed");
            await().atMost(Duration.ofSeconds(10)).until(relay::caughtUp);
        }
    }

    @Test
    void a_failed_publish_is_tried_again_and_the_message_is_never_skipped() {
        AtomicInteger attempts = new AtomicInteger();
        try (Relay ignored = Relay.builder(store, "account", "test").build((m, resent) -> {
            if (m.type().equals("Flaky") && attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("broker away");
            }
            published.add(m.type());
        }).start()) {
            write("account-1", "Flaky");
            write("account-1", "After");

            await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 2);
            assertThat(published).containsExactly("Flaky", "After");
            assertThat(attempts.get()).isEqualTo(3);
        }
    }

    @Test
    void a_restarted_relay_resumes_at_its_position_and_marks_what_it_may_have_published_before() {
        write("account-1", "First");
        try (Relay relay = Relay.builder(store, "account", "test").positionUpdateInterval(1000)
                .build((m, resent) -> published.add(m.type() + (resent ? " resent" : ""))).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 1);
        }
        write("account-1", "Second");
        try (Relay relay = Relay.builder(store, "account", "test")
                .build((m, resent) -> published.add(m.type() + (resent ? " resent" : ""))).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 2);
            write("account-1", "Third");
            await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 3);
        }
        assertThat(published).containsExactly("First resent", "Second resent", "Third");
    }
}
