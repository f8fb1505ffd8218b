package io.microlith.consumer;

import io.microlith.message.Message;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.CategoryQuery;
import io.microlith.store.ForwardingMessageStore;
import io.microlith.store.MessageStore;
import io.microlith.store.memory.InMemoryMessageStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How often a consumer reads its category: after a batch shorter than its batch size it waits for the next commit
 * instead of reading again to find nothing, and a commit that came while it processed is still read at once.
 */
class ConsumerReadsTest {
    private static final Duration NO_POLL = Duration.ofHours(1);

    private final InMemoryMessageStore memory = new InMemoryMessageStore();
    private final AtomicInteger categoryReads = new AtomicInteger();
    private final MessageStore store = new ForwardingMessageStore() {
        @Override
        protected MessageStore delegate() {
            return memory;
        }

        @Override
        public List<Message> readCategory(CategoryQuery query) {
            categoryReads.incrementAndGet();
            return memory.readCategory(query);
        }
    };
    private Consumer consumer;

    @AfterEach
    void stop() {
        if (consumer != null) {
            consumer.stop();
        }
    }

    @Test
    void reads_once_per_message_when_messages_come_one_at_a_time() throws Exception {
        Semaphore handled = new Semaphore(0);
        consumer = Consumer.builder(store, "account", "counter").pollInterval(NO_POLL)
                .handle("Opened", message -> handled.release()).build().start();
        int messages = 20;

        for (int i = 0; i < messages; i++) {
            store.write(StreamName.of("account", "" + i), NewMessage.of("Opened", "{}"));
            assertThat(handled.tryAcquire(10, TimeUnit.SECONDS)).as("message %d handled", i).isTrue();
        }

        // one read at start (nothing there), then one per message; reading again after each would make 41
        assertThat(categoryReads.get()).isBetween(messages, messages + 3);
    }

    @Test
    void reads_at_once_what_was_committed_while_it_processed_a_short_batch() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        Semaphore handled = new Semaphore(0);
        consumer = Consumer.builder(store, "account", "chain").pollInterval(NO_POLL)
                .handle("Opened", message -> {
                    seen.add(message.streamName().id().orElseThrow());
                    int next = Integer.parseInt(message.streamName().id().orElseThrow()) + 1;
                    if (next < 5) {
                        // committed while this one-message batch is processed: it must not wait for a poll
                        store.write(StreamName.of("account", "" + next), NewMessage.of("Opened", "{}"));
                    }
                    handled.release();
                }).build().start();

        store.write(StreamName.of("account", "0"), NewMessage.of("Opened", "{}"));

        assertThat(handled.tryAcquire(5, 10, TimeUnit.SECONDS)).as("the chain of 5 handled without a poll").isTrue();
        assertThat(seen).containsExactly("0", "1", "2", "3", "4");
    }
}
