package io.microlith.testkit.transport;

import io.microlith.bus.QueryFailedException;
import io.microlith.bus.WaitTimeoutException;
import io.microlith.consumer.Consumer;
import io.microlith.consumer.RetryPolicy;
import io.microlith.message.Message;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.MessageStore;
import io.microlith.store.memory.InMemoryMessageStore;
import io.microlith.testkit.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The conformance suite every broker transport passes: a relay from the store to the broker, consumers that receive
 * from the broker, and request/response. Extend it and supply {@link #connect()}:
 *
 * <pre>{@code
 * class RabbitTransportTest extends TransportContract {
 *     protected TransportUnderTest connect() { return new RabbitUnderTest(...); }
 * }
 * }</pre>
 *
 * Each test uses a category of its own and an in-memory store (the relay tails any store), so a broker may serve
 * every test of a run.
 *
 * <p>What it proves: every stored message reaches a consumer, each stream in order, and is handled once even when
 * the broker delivers it again (a relay that publishes everything again, a replay run twice); a failing handler is
 * retried and its message parked while the other streams go on; a second process that joins takes part of the
 * streams and gives them back when it leaves, without loss, duplicate or disorder; a request is answered across
 * processes, and times out or fails as a query in one process does.
 *
 * <p>What it does not check: a crash between a handler and the saving of its lane's position (the one documented
 * case of a second handling), brokers that stop mid-run (each module tests that itself if it can), and speed.
 */
public abstract class TransportContract {
    private static final String TYPE = "Tick";
    private static final AtomicLong COUNTER = new AtomicLong();

    private final List<TransportUnderTest> processes = new ArrayList<>();
    protected final MessageStore store = new InMemoryMessageStore();

    /** A new process: its own connection to the broker under test. The contract closes it after each test. */
    protected abstract TransportUnderTest newProcess();

    /** How long a message may take from commit to handler before a test fails; default 60 s. */
    protected Duration patience() {
        return Duration.ofSeconds(60);
    }

    /** A process that the contract closes after the test. */
    protected final TransportUnderTest connect() {
        TransportUnderTest process = newProcess();
        processes.add(process);
        return process;
    }

    @AfterEach
    void closeProcesses() {
        Collections.reverse(processes);
        processes.forEach(TransportUnderTest::close);
        processes.clear();
    }

    /** Records what one consumer (in any number of processes) handled, in the order handled. */
    protected static final class Handled {
        private final List<String> entries = Collections.synchronizedList(new ArrayList<>());

        Consumer.Builder into(Consumer.Builder builder, String process) {
            return builder.handle(TYPE, m -> entries.add(process + " " + m.streamName().value() + " " + m.position()));
        }

        List<String> all() {
            synchronized (entries) {
                return List.copyOf(entries);
            }
        }

        int size() {
            return entries.size();
        }

        /** Stream -> the positions handled, in the order handled (whoever handled them). */
        Map<String, List<Long>> byStream() {
            Map<String, List<Long>> streams = new LinkedHashMap<>();
            for (String entry : all()) {
                String[] parts = entry.split(" ");
                streams.computeIfAbsent(parts[1], k -> new ArrayList<>()).add(Long.parseLong(parts[2]));
            }
            return streams;
        }

        long countBy(String process) {
            return all().stream().filter(e -> e.startsWith(process + " ")).count();
        }
    }

    private static String uniqueCategory() {
        return "tick" + UUID.randomUUID().toString().substring(0, 8) + COUNTER.incrementAndGet();
    }

    private static String uniqueName() {
        return "c" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Writes {@code perStream} messages to each of {@code streams} streams, round robin; returns the messages. */
    private List<Message> write(String category, int streams, int perStream) {
        List<Message> written = new ArrayList<>();
        for (int n = 0; n < perStream; n++) {
            for (int s = 0; s < streams; s++) {
                StreamName stream = StreamName.of(category, "s" + s);
                store.write(stream, NewMessage.of(TYPE, "{\"n\":" + n + "}"));
                written.add(store.lastMessage(stream).orElseThrow());
            }
        }
        return written;
    }

    private void awaitHandled(Handled handled, int count) {
        Eventually.within(patience()).describedAs("handled " + count + " messages")
                .until(() -> handled.size() >= count);
    }

    /** Every stream's positions 0..n-1, each once, in order. */
    private static void assertEachStreamOnceInOrder(Handled handled, int streams, int perStream) {
        Map<String, List<Long>> byStream = handled.byStream();
        assertThat(byStream).hasSize(streams);
        List<Long> expected = new ArrayList<>();
        for (long p = 0; p < perStream; p++) {
            expected.add(p);
        }
        byStream.forEach((stream, positions) -> assertThat(positions).as(stream).isEqualTo(expected));
    }

    private Consumer.Builder builder(String category, String name) {
        return Consumer.builder(store, category, name).retry(RetryPolicy.backoff(3, Duration.ZERO, Duration.ZERO));
    }

    @Test
    void every_stored_message_reaches_the_consumer_once_and_each_stream_in_order() {
        String category = uniqueCategory();
        TransportUnderTest process = connect();
        Handled handled = new Handled();
        process.consumer(handled.into(builder(category, uniqueName()), "a"), true);
        process.relay(store, category, "relay");

        write(category, 8, 25);

        awaitHandled(handled, 200);
        assertEachStreamOnceInOrder(handled, 8, 25);
    }

    @Test
    void messages_stored_before_the_relay_started_are_relayed_too() {
        String category = uniqueCategory();
        write(category, 4, 10);
        TransportUnderTest process = connect();
        Handled handled = new Handled();
        process.consumer(handled.into(builder(category, uniqueName()), "a"), true);

        process.relay(store, category, "relay");

        awaitHandled(handled, 40);
        assertEachStreamOnceInOrder(handled, 4, 10);
    }

    @Test
    void a_relay_that_publishes_everything_again_changes_nothing() {
        String category = uniqueCategory();
        TransportUnderTest process = connect();
        Handled handled = new Handled();
        process.consumer(handled.into(builder(category, uniqueName()), "a"), true);
        TransportUnderTest.Relay first = process.relay(store, category, "relay");
        write(category, 4, 10);
        awaitHandled(handled, 40);
        first.close();

        // a relay that lost its position: it publishes the whole category again, then what follows
        TransportUnderTest.Relay again = process.relay(store, category, "again");
        Eventually.within(patience()).until(again::caughtUp);
        write(category, 4, 1); // after the re-sent messages in every stream's lane

        awaitHandled(handled, 44);
        assertEachStreamOnceInOrder(handled, 4, 11);
    }

    @Test
    void a_replay_rebuilds_a_projection_and_a_second_replay_is_harmless() {
        String category = uniqueCategory();
        String name = uniqueName();
        write(category, 5, 8);
        TransportUnderTest process = connect();
        Map<String, Integer> totals = Collections.synchronizedMap(new LinkedHashMap<>());
        AtomicInteger applied = new AtomicInteger();
        process.consumer(builder(category, name).handle(TYPE, m -> {
            applied.incrementAndGet();
            totals.merge(m.streamName().value(), 1, Integer::sum);
        }), false);

        process.replay(store, category, name, "rebuild-1");
        Eventually.within(patience()).until(() -> applied.get() == 40);
        TransportUnderTest.Relay second = process.replay(store, category, name, "rebuild-2");
        Eventually.within(patience()).until(second::caughtUp);
        write(category, 5, 1); // the second replay follows the store: this comes after its re-sent messages

        Eventually.within(patience()).until(() -> applied.get() >= 45);
        assertThat(applied.get()).as("every second delivery dropped before the projection").isEqualTo(45);
        assertThat(totals).hasSize(5).allSatisfy((stream, total) -> assertThat(total).as(stream).isEqualTo(9));
    }

    @Test
    void a_failing_message_is_retried_then_parked_and_the_other_streams_go_on() {
        String category = uniqueCategory();
        String name = uniqueName();
        TransportUnderTest process = connect();
        AtomicInteger attempts = new AtomicInteger();
        Handled handled = new Handled();
        process.consumer(handled.into(builder(category, name).handle(TYPE, m -> {
            if (m.streamName().value().endsWith("-s0") && m.position() == 0) {
                attempts.incrementAndGet();
                throw new IllegalStateException("poison");
            }
        }), "a"), true);
        process.relay(store, category, "relay");

        List<Message> written = write(category, 3, 4);

        awaitHandled(handled, 8);
        StreamName parkedStream = StreamName.of(category + ":parked-" + name);
        Message parked = Eventually.within(patience()).until(() -> store.lastMessage(parkedStream), m -> m.isPresent())
                .orElseThrow();
        assertThat(parked.type()).isEqualTo("Parked");
        assertThat(parked.data()).contains(written.getFirst().id().toString());
        assertThat(attempts.get()).isEqualTo(3);
        assertThat(handled.byStream().get(category + "-s1")).containsExactly(0L, 1L, 2L, 3L);
        assertThat(handled.byStream()).as("the rest of the parked event's stream is held back")
                .doesNotContainKey(category + "-s0");
    }

    @Test
    void a_process_that_joins_takes_part_of_the_streams_and_gives_them_back_when_it_leaves() {
        String category = uniqueCategory();
        String name = uniqueName();
        Handled handled = new Handled();
        TransportUnderTest a = connect();
        a.consumer(handled.into(builder(category, name), "a"), true);
        a.relay(store, category, "relay");
        int streams = 32;
        write(category, streams, 2);
        awaitHandled(handled, streams * 2);

        TransportUnderTest b = connect();
        AutoCloseable joined = b.consumer(handled.into(builder(category, name), "b"), true);
        int[] rounds = {2};
        Eventually.within(patience()).describedAs("the second process handles some streams").until(() -> {
            write(category, streams, 1);
            rounds[0]++;
            return handled.countBy("b") > 0;
        });
        awaitHandled(handled, streams * rounds[0]);
        long byA = handled.countBy("a");
        close(joined);

        write(category, streams, 3);
        rounds[0] += 3;
        awaitHandled(handled, streams * rounds[0]);
        assertEachStreamOnceInOrder(handled, streams, rounds[0]);
        assertThat(handled.countBy("a") - byA).as("the first process handles every stream again")
                .isEqualTo(streams * 3L);
    }

    public record Ping(String text) {
    }

    public record Pong(String text) {
    }

    @Test
    void a_request_is_answered_by_another_process() {
        TransportUnderTest server = connect();
        TransportUnderTest client = connect();
        server.serve(Ping.class, ping -> new Pong(ping.text() + "!"));

        Pong pong = Eventually.within(patience()).until(() -> {
            try {
                return client.request(new Ping("hello"), Pong.class, Duration.ofSeconds(5));
            } catch (RuntimeException notYetServed) {
                return null;
            }
        }, answer -> answer != null);

        assertThat(pong).isEqualTo(new Pong("hello!"));
    }

    @Test
    void a_request_not_answered_in_time_fails_with_the_waits_timeout() {
        TransportUnderTest server = connect();
        TransportUnderTest client = connect();
        server.serve(Ping.class, ping -> {
            if (!ping.text().equals("probe")) {
                sleep(Duration.ofSeconds(3));
            }
            return new Pong("late");
        });
        awaitServed(client);

        Duration timeout = Duration.ofMillis(300);
        assertThatThrownBy(() -> client.request(new Ping("slow"), Pong.class, timeout))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
                    assertThat(e.waited()).isEqualTo(timeout);
                    assertThat(e.correlationId()).isNotBlank();
                    assertThat(e.types()).contains("Pong");
                });
    }

    @Test
    void a_request_whose_handler_throws_fails_with_its_error() {
        TransportUnderTest server = connect();
        TransportUnderTest client = connect();
        server.serve(Ping.class, ping -> {
            if (ping.text().equals("probe")) {
                return new Pong("ok");
            }
            throw new IllegalArgumentException("no such user");
        });
        awaitServed(client);

        assertThatThrownBy(() -> client.request(new Ping("bad"), Pong.class, Duration.ofSeconds(10)))
                .isInstanceOf(QueryFailedException.class).hasMessageContaining("no such user");
    }

    /** Until the server's subscription is in place (brokers set it up asynchronously). */
    private void awaitServed(TransportUnderTest client) {
        Eventually.within(patience()).until(() -> {
            try {
                client.request(new Ping("probe"), Pong.class, Duration.ofSeconds(5));
                return true;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void close(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
