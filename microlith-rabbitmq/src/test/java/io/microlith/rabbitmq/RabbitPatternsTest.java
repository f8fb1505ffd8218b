package io.microlith.rabbitmq;

import io.microlith.consumer.Consumer;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.ExpectedVersionException;
import io.microlith.store.memory.InMemoryMessageStore;
import io.microlith.testkit.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The broker patterns of the seeds' library: work queues, publish/subscribe, routing, topics. */
class RabbitPatternsTest {
    private final InMemoryMessageStore store = new InMemoryMessageStore();
    private final List<AutoCloseable> open = new ArrayList<>();
    private RabbitTransport rabbit;

    @BeforeEach
    void connect() {
        rabbit = opened(TestBroker.connect());
    }

    @AfterEach
    void close() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    private <T extends AutoCloseable> T opened(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private RabbitConsumer consumer(RabbitConsumer.Builder builder) {
        RabbitConsumer consumer = builder.membership(Duration.ofMillis(200), Duration.ofSeconds(2)).start();
        TestBroker.deleteLater(consumer.queues());
        return opened(consumer);
    }

    private void write(String category, String id, String type) {
        store.write(StreamName.of(category, id), NewMessage.of(type, "{}"));
    }

    @Test
    void work_queue_consumers_compete_for_the_messages_and_each_message_is_handled_once() {
        String category = unique("job");
        String name = unique("workers");
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        RabbitTransport other = opened(TestBroker.connect());
        for (var worker : List.of(rabbit.workQueue(Consumer.builder(store, category, name).handle("Run", m -> {
            first.incrementAndGet();
            Thread.sleep(20);
        })), other.workQueue(Consumer.builder(store, category, name).handle("Run", m -> {
            second.incrementAndGet();
            Thread.sleep(20);
        })))) {
            RabbitWorkQueue started = opened(worker.start());
            TestBroker.deleteLater(List.of(started.queue()));
        }
        opened(rabbit.relay(store, category).start());

        for (int i = 0; i < 40; i++) {
            write(category, "j" + i, "Run");
        }

        Eventually.within(Duration.ofSeconds(30)).until(() -> first.get() + second.get() == 40);
        assertThat(first.get()).as("first worker").isPositive();
        assertThat(second.get()).as("second worker").isPositive();
    }

    @Test
    void every_subscriber_gets_every_message() {
        String category = unique("news");
        AtomicInteger one = new AtomicInteger();
        AtomicInteger two = new AtomicInteger();
        consumer(rabbit.consumer(Consumer.builder(store, category, unique("one")).handleAny(m -> one.incrementAndGet())));
        consumer(rabbit.consumer(Consumer.builder(store, category, unique("two")).handleAny(m -> two.incrementAndGet())));
        opened(rabbit.relay(store, category).start());

        for (int i = 0; i < 10; i++) {
            write(category, "n" + i, "Published");
        }

        Eventually.within(Duration.ofSeconds(30)).until(() -> one.get() == 10 && two.get() == 10);
    }

    @Test
    void a_consumer_bound_to_one_type_receives_only_that_type() {
        String category = unique("account");
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        consumer(rabbit.consumer(Consumer.builder(store, category, unique("openings"))
                .handleAny(m -> received.add(m.type()))).bind(category + ".Opened"));
        opened(rabbit.relay(store, category).start());

        write(category, "1", "Opened");
        write(category, "1", "Closed");
        write(category, "2", "Opened");

        Eventually.within(Duration.ofSeconds(30)).until(() -> received.size() == 2);
        assertThat(received).containsOnly("Opened");
    }

    @Test
    void a_topic_pattern_gathers_a_type_from_several_categories() {
        String product = unique("product");
        String catalog = unique("catalog");
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        consumer(rabbit.consumer(Consumer.builder(store, product, unique("created"))
                .handleAny(m -> received.add(m.streamName().value()))).bind("*.ProductCreated"));
        opened(rabbit.relay(store, product).start());
        opened(rabbit.relay(store, catalog).start());

        write(product, "1", "ProductCreated");
        write(product, "1", "PriceChanged");
        write(catalog, "9", "ProductCreated");

        Eventually.within(Duration.ofSeconds(30)).until(() -> received.size() == 2);
        assertThat(received).containsExactlyInAnyOrder(product + "-1", catalog + "-9");
    }

    @Test
    void a_write_the_store_refused_is_never_published() {
        String category = unique("order");
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        consumer(rabbit.consumer(Consumer.builder(store, category, unique("orders"))
                .handleAny(m -> received.add(m.type()))));
        opened(rabbit.relay(store, category).start());
        write(category, "1", "Placed");

        assertThatThrownBy(() -> store.write(StreamName.of(category, "1"), List.of(NewMessage.of("Refused", "{}")),
                ExpectedVersion.noStream())).isInstanceOf(ExpectedVersionException.class);
        write(category, "1", "Shipped");

        Eventually.within(Duration.ofSeconds(30)).until(() -> received.size() == 2);
        assertThat(received).containsExactly("Placed", "Shipped");
    }

    @Test
    void a_parked_message_replayed_brings_the_rest_of_its_held_stream_from_the_store() {
        String category = unique("ledger");
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        boolean[] broken = {true};
        RabbitConsumer consumer = consumer(rabbit.consumer(Consumer.builder(store, category, unique("ledgers"))
                .retry(io.microlith.consumer.RetryPolicy.backoff(2, Duration.ZERO, Duration.ZERO))
                .handleAny(m -> {
                    if (broken[0]) {
                        throw new IllegalStateException("poison");
                    }
                    handled.add(m.streamName().value() + "/" + m.position());
                })));
        opened(rabbit.relay(store, category).start());
        write(category, "1", "Entered");
        write(category, "1", "Entered");
        long held = store.headGlobalPosition();
        // the held message was delivered and dropped once its lane's position passed it
        Eventually.within(Duration.ofSeconds(30)).until(() -> store.readCategory(category + ":position", 1, 1000)
                .stream().anyMatch(m -> m.data().replace(" ", "").contains("\"position\":" + held)));
        assertThat(consumer.parked()).hasSize(1);
        assertThat(handled).isEmpty();

        broken[0] = false;
        consumer.replay(consumer.parked().getFirst().messageId());

        assertThat(handled).containsExactly(category + "-1/0", category + "-1/1");
        assertThat(consumer.parked()).isEmpty();
    }

    @Test
    void a_bad_topic_pattern_is_refused_with_the_expected_form() {
        assertThatThrownBy(() -> rabbit.consumer(Consumer.builder(store, "account", "x").handleAny(m -> {
        })).bind("account.#"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Expected a pattern <category>.<type>");
    }
}
