package io.microlith.consumer;

import io.microlith.message.Message;
import io.microlith.message.MessageTypes;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.MessageStore;
import io.microlith.store.memory.InMemoryMessageStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsumerTest {

    record Deposited(String account, int amount) {
    }

    record Withdrawn(String account, int amount) {
    }

    /** A crash: the JVM's own exhaustion stops the consumer without saving its position. */
    static OutOfMemoryError crash() {
        return new OutOfMemoryError("Java heap space (simulated crash)");
    }

    private final MessageStore store = new InMemoryMessageStore();
    private final MessageTypes types = MessageTypes.of(Deposited.class, Withdrawn.class);
    private final List<Consumer> started = new ArrayList<>();
    private static final Duration NO_POLL = Duration.ofHours(1);

    @AfterEach
    void stop() {
        started.forEach(Consumer::stop);
    }

    private Consumer.Builder consumer(String name) {
        return Consumer.builder(store, "account", name).types(types).pollInterval(NO_POLL)
                .retry(RetryPolicy.backoff(3, Duration.ZERO, Duration.ZERO));
    }

    private Consumer start(Consumer.Builder builder) {
        Consumer consumer = builder.build().start();
        started.add(consumer);
        return consumer;
    }

    private Message deposit(String account, int amount) {
        var written = store.write(StreamName.of("account", account), types.toNewMessage(new Deposited(account, amount)));
        return store.readStream(written.streamName(), written.version(), 1).getFirst();
    }

    private static void await(Semaphore seen, int count) throws InterruptedException {
        assertThat(seen.tryAcquire(count, 10, TimeUnit.SECONDS)).as("%d messages handled in time", count).isTrue();
    }

    @Nested
    class Dispatch {
        @Test
        void hands_each_message_to_the_handler_of_its_type_in_global_order() throws InterruptedException {
            List<Object> handled = new CopyOnWriteArrayList<>();
            Semaphore seen = new Semaphore(0);
            deposit("1", 10);
            store.write(StreamName.of("account-2"), types.toNewMessage(new Withdrawn("2", 5)));
            deposit("1", 20);

            start(consumer("c")
                    .handle(Deposited.class, d -> {
                        handled.add(d);
                        seen.release();
                    })
                    .handle(Withdrawn.class, (w, message) -> {
                        handled.add(message.streamName());
                        seen.release();
                    }));
            await(seen, 3);

            assertThat(handled).containsExactly(new Deposited("1", 10), StreamName.of("account-2"), new Deposited("1", 20));
        }

        @Test
        void hands_messages_without_a_handler_of_their_type_to_the_catch_all() throws InterruptedException {
            List<String> caught = new CopyOnWriteArrayList<>();
            Semaphore seen = new Semaphore(0);
            store.write(StreamName.of("account-1"), NewMessage.of("Closed", "{}"));
            deposit("1", 10);

            start(consumer("c")
                    .handle(Deposited.class, d -> seen.release())
                    .handleAny(message -> {
                        caught.add(message.type());
                        seen.release();
                    }));
            await(seen, 2);

            assertThat(caught).containsExactly("Closed");
        }

        @Test
        void wakes_on_the_stores_commit_notification_without_polling() throws InterruptedException {
            Semaphore seen = new Semaphore(0);
            start(consumer("c").handle(Deposited.class, d -> seen.release()));

            deposit("1", 10);

            await(seen, 1);
        }

        @Test
        void refuses_to_be_built_without_a_handler() {
            assertThatThrownBy(() -> consumer("c").build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has no handler");
        }
    }

    @Nested
    class Position {
        @Test
        void is_saved_on_stop_and_resumed_from_on_restart() throws InterruptedException {
            Semaphore seen = new Semaphore(0);
            List<Integer> amounts = new CopyOnWriteArrayList<>();
            deposit("1", 1);
            deposit("1", 2);
            Consumer first = start(consumer("c").handle(Deposited.class, d -> {
                amounts.add(d.amount());
                seen.release();
            }));
            await(seen, 2);
            first.stop();
            deposit("1", 3);

            start(consumer("c").handle(Deposited.class, d -> {
                amounts.add(d.amount());
                seen.release();
            }));
            await(seen, 1);

            assertThat(amounts).containsExactly(1, 2, 3);
            assertThat(store.lastMessage(StreamName.of("account:position-c"))).isPresent();
        }

        @Test
        void is_saved_every_n_messages() throws InterruptedException {
            Semaphore seen = new Semaphore(0);
            for (int i = 0; i < 10; i++) {
                deposit("1", i);
            }
            Consumer consumer = start(consumer("c").positionUpdateInterval(4).handle(Deposited.class, d -> seen.release()));
            await(seen, 10);

            List<Message> saved = store.readStream(StreamName.of("account:position-c"), 0);
            assertThat(saved).extracting(Message::data).startsWith("{\"position\":4}", "{\"position\":8}");
            consumer.stop();
            assertThat(store.lastMessage(StreamName.of("account:position-c")).orElseThrow().data())
                    .isEqualTo("{\"position\":10}");
        }

        @Test
        void after_a_crash_in_mid_batch_every_message_is_handled_at_least_once() throws InterruptedException {
            for (int i = 0; i < 100; i++) {
                deposit(Integer.toString(i % 7), i);
            }
            Set<Integer> handled = ConcurrentHashMap.newKeySet();
            AtomicInteger calls = new AtomicInteger();
            CountDownLatch crashed = new CountDownLatch(1);
            Consumer first = start(consumer("c").positionUpdateInterval(10).batchSize(30)
                    .handle(Deposited.class, d -> {
                        if (d.amount() == 45) {
                            crashed.countDown();
                            throw crash();
                        }
                        handled.add(d.amount());
                        calls.incrementAndGet();
                    }));
            assertThat(crashed.await(10, TimeUnit.SECONDS)).isTrue();
            awaitState(first, ConsumerStatus.State.CRASHED);
            assertThat(first.status().lastError()).contains("simulated crash");

            Semaphore seen = new Semaphore(0);
            start(consumer("c").positionUpdateInterval(10).batchSize(30).handle(Deposited.class, d -> {
                handled.add(d.amount());
                calls.incrementAndGet();
                seen.release();
            }));
            await(seen, 60);

            assertThat(handled).hasSize(100);
            // resumed after the last saved position (40): amounts 40..44 (global positions 41..45) were handled twice
            assertThat(calls.get()).isEqualTo(105);
        }
    }

    @Nested
    class Failures {
        @Test
        void retries_a_failing_handler_until_it_succeeds() throws InterruptedException {
            AtomicInteger attempts = new AtomicInteger();
            Semaphore seen = new Semaphore(0);
            deposit("1", 10);

            Consumer consumer = start(consumer("c").handle(Deposited.class, d -> {
                if (attempts.incrementAndGet() < 3) {
                    throw new IllegalStateException("not yet");
                }
                seen.release();
            }));
            await(seen, 1);

            assertThat(attempts.get()).isEqualTo(3);
            assertThat(consumer.parked()).isEmpty();
        }

        @Test
        void parks_a_poison_message_and_holds_back_only_its_stream() throws InterruptedException {
            List<String> handled = new CopyOnWriteArrayList<>();
            Semaphore seen = new Semaphore(0);
            Message poison = deposit("1", 666);
            deposit("1", 2);
            deposit("2", 3);
            deposit("2", 4);

            Consumer consumer = start(consumer("c").handle(Deposited.class, d -> {
                if (d.amount() == 666) {
                    throw new IllegalArgumentException("poison");
                }
                handled.add(d.account() + ":" + d.amount());
                seen.release();
            }));
            await(seen, 2);
            awaitPosition(consumer, 4);

            assertThat(handled).containsExactly("2:3", "2:4");
            assertThat(consumer.parked()).singleElement().satisfies(parked -> {
                assertThat(parked.messageId()).isEqualTo(poison.id());
                assertThat(parked.streamName()).isEqualTo(StreamName.of("account-1"));
                assertThat(parked.attempts()).isEqualTo(3);
                assertThat(parked.error()).contains("IllegalArgumentException: poison");
                assertThat(parked.holdsStream()).isTrue();
            });
            assertThat(store.lastMessage(StreamName.of("account:parked-c")).orElseThrow().type()).isEqualTo("Parked");

            deposit("1", 5);
            deposit("2", 6);
            await(seen, 1);
            awaitPosition(consumer, 6);
            assertThat(handled).containsExactly("2:3", "2:4", "2:6");
        }

        @Test
        void goes_on_with_the_rest_of_the_stream_when_told_not_to_hold_back() throws InterruptedException {
            List<Integer> handled = new CopyOnWriteArrayList<>();
            Semaphore seen = new Semaphore(0);
            deposit("1", 666);
            deposit("1", 2);

            Consumer consumer = start(consumer("c").holdBack(HoldBack.NOTHING).handle(Deposited.class, d -> {
                if (d.amount() == 666) {
                    throw new IllegalArgumentException("poison");
                }
                handled.add(d.amount());
                seen.release();
            }));
            await(seen, 1);

            assertThat(handled).containsExactly(2);
            assertThat(consumer.parked()).singleElement().satisfies(p -> assertThat(p.holdsStream()).isFalse());
        }

        @Test
        void replays_a_parked_message_and_the_messages_it_held_back_in_order() throws InterruptedException {
            List<Integer> handled = new CopyOnWriteArrayList<>();
            Set<Integer> broken = Collections.synchronizedSet(new HashSet<>(Set.of(1)));
            Semaphore seen = new Semaphore(0);
            Message poison = deposit("1", 1);
            deposit("1", 2);
            deposit("2", 3);

            Consumer consumer = start(consumer("c").handle(Deposited.class, d -> {
                if (broken.contains(d.amount())) {
                    throw new IllegalStateException("broken");
                }
                handled.add(d.amount());
                seen.release();
            }));
            await(seen, 1);
            awaitPosition(consumer, 3);
            broken.clear();

            consumer.replay(poison.id());

            assertThat(handled).containsExactly(3, 1, 2);
            assertThat(consumer.parked()).isEmpty();
            deposit("1", 4);
            await(seen, 3);
            assertThat(handled).containsExactly(3, 1, 2, 4);
        }

        @Test
        void skips_a_parked_message_but_handles_what_it_held_back() throws InterruptedException {
            List<Integer> handled = new CopyOnWriteArrayList<>();
            Semaphore seen = new Semaphore(0);
            Message poison = deposit("1", 666);
            deposit("1", 2);

            Consumer consumer = start(consumer("c").handle(Deposited.class, d -> {
                if (d.amount() == 666) {
                    throw new IllegalStateException("poison");
                }
                handled.add(d.amount());
                seen.release();
            }));
            awaitPosition(consumer, 2);

            consumer.skip(poison.id());

            assertThat(handled).containsExactly(2);
            assertThat(consumer.parked()).isEmpty();
        }

        @Test
        void a_replay_that_fails_again_parks_the_failing_message_in_place_of_the_original() throws InterruptedException {
            Message poison = deposit("1", 666);
            Consumer consumer = start(consumer("c").handle(Deposited.class, d -> {
                throw new IllegalStateException("still broken");
            }));
            awaitPosition(consumer, 1);

            assertThatThrownBy(() -> consumer.replay(poison.id()))
                    .isInstanceOf(ReplayFailedException.class)
                    .hasMessageContaining("still broken");
            assertThat(consumer.parked()).singleElement().satisfies(p -> assertThat(p.messageId()).isEqualTo(poison.id()));
        }

        @Test
        void keeps_parked_messages_and_holds_across_restarts() throws InterruptedException {
            List<Integer> handled = new CopyOnWriteArrayList<>();
            Semaphore seen = new Semaphore(0);
            Message poison = deposit("1", 666);
            Consumer first = start(consumer("c").handle(Deposited.class, d -> {
                throw new IllegalStateException("poison");
            }));
            awaitPosition(first, 1);
            first.stop();
            deposit("1", 2);
            deposit("2", 3);

            Consumer second = start(consumer("c").handle(Deposited.class, d -> {
                handled.add(d.amount());
                seen.release();
            }));
            await(seen, 1);
            awaitPosition(second, 3);

            assertThat(handled).containsExactly(3);
            assertThat(second.parked()).extracting(ParkedMessage::messageId).containsExactly(poison.id());
            second.replay(poison.id());
            assertThat(handled).containsExactly(3, 666, 2);
        }

        @Test
        void refuses_to_replay_a_message_that_is_not_parked() {
            Consumer consumer = start(consumer("c").handle(Deposited.class, d -> {
            }));

            assertThatThrownBy(() -> consumer.replay(java.util.UUID.randomUUID()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is parked by consumer c");
        }
    }

    /** Issue 9: whatever a handler throws, but the JVM's own exhaustion, is parked and the consumer goes on. */
    @Nested
    class Poison {
        record Priced(String account, BigDecimal price) {
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"toPlainString", "stack overflow", "assertion", "missing class"})
        void an_error_from_a_handler_is_parked_and_the_consumer_goes_on_with_its_position_saved(String error)
                throws InterruptedException {
            List<Integer> handled = new CopyOnWriteArrayList<>();
            Semaphore seen = new Semaphore(0);
            Message poison = deposit("1", 666);
            deposit("2", 1);
            Consumer.Builder builder = consumer("c").handle(Deposited.class, d -> {
                if (d.amount() == 666) {
                    throwError(error);
                }
                handled.add(d.amount());
                seen.release();
            });
            Consumer first = start(builder);
            await(seen, 1);
            awaitPosition(first, 2);
            first.stop();

            assertThat(first.status().state()).isEqualTo(ConsumerStatus.State.STOPPED);
            assertThat(first.parked()).singleElement().satisfies(parked -> {
                assertThat(parked.messageId()).isEqualTo(poison.id());
                assertThat(parked.attempts()).isEqualTo(3);
            });
            assertThat(store.lastMessage(StreamName.of("account:position-c")).orElseThrow().data())
                    .isEqualTo("{\"position\":2}");

            deposit("2", 3);
            start(consumer("c").handle(Deposited.class, d -> {
                handled.add(d.amount());
                seen.release();
            }));
            await(seen, 1);
            assertThat(handled).as("the poison is not delivered again after a restart").containsExactly(1, 3);
        }

        private static void throwError(String error) {
            switch (error) {
                case "toPlainString" -> new BigDecimal("1e-2147483647").toPlainString();
                case "stack overflow" -> overflow(0);
                case "assertion" -> throw new AssertionError("broken invariant");
                case "missing class" -> throw new NoClassDefFoundError("com/example/Gone");
                default -> throw new IllegalArgumentException(error);
            }
        }

        private static int overflow(int depth) {
            return overflow(depth + 1) + 1;
        }

        @Test
        void a_decimal_beyond_the_bounds_of_decoding_is_parked_with_a_clear_error_not_an_out_of_memory()
                throws InterruptedException {
            MessageTypes priced = MessageTypes.of(Priced.class);
            Semaphore seen = new Semaphore(0);
            store.write(StreamName.of("account-1"), NewMessage.of("Priced", "{\"account\":\"1\",\"price\":1e-2147483647}"));
            store.write(StreamName.of("account-2"), NewMessage.of("Priced", "{\"account\":\"2\",\"price\":9.99}"));
            List<String> plain = new CopyOnWriteArrayList<>();

            Consumer consumer = start(Consumer.builder(store, "account", "c").types(priced).pollInterval(NO_POLL)
                    .retry(RetryPolicy.noRetry())
                    .handle(Priced.class, p -> {
                        plain.add(p.price().toPlainString());
                        seen.release();
                    }));
            await(seen, 1);
            awaitPosition(consumer, 2);

            assertThat(plain).containsExactly("9.99");
            assertThat(consumer.parked()).singleElement().satisfies(parked -> assertThat(parked.error())
                    .startsWith("java.lang.IllegalArgumentException: Data of message")
                    .contains("scale 2147483647"));
        }

        @Test
        void a_poison_command_does_not_hold_back_the_next_command_of_its_stream() throws InterruptedException {
            List<Integer> handled = new CopyOnWriteArrayList<>();
            Semaphore seen = new Semaphore(0);
            StreamName commands = StreamName.of("account:command-owner@example.com");
            store.write(commands, types.toNewMessage(new Deposited("poison", 666)));
            store.write(commands, types.toNewMessage(new Deposited("owner", 1)));

            Consumer consumer = start(Consumer.builder(store, "account:command", "c").types(types)
                    .pollInterval(NO_POLL).retry(RetryPolicy.noRetry())
                    .handle(Deposited.class, d -> {
                        if (d.amount() == 666) {
                            throw new IllegalStateException("poison");
                        }
                        handled.add(d.amount());
                        seen.release();
                    }));
            await(seen, 1);
            store.write(commands, types.toNewMessage(new Deposited("owner", 2)));
            await(seen, 1);

            assertThat(handled).containsExactly(1, 2);
            assertThat(consumer.parked()).singleElement().satisfies(p -> assertThat(p.holdsStream()).isFalse());
        }

        @Test
        void a_command_stream_is_held_back_when_the_consumer_says_so() throws InterruptedException {
            List<Integer> handled = new CopyOnWriteArrayList<>();
            StreamName commands = StreamName.of("account:command-1");
            store.write(commands, types.toNewMessage(new Deposited("1", 666)));
            store.write(commands, types.toNewMessage(new Deposited("1", 1)));

            Consumer consumer = start(Consumer.builder(store, "account:command", "c").types(types)
                    .pollInterval(NO_POLL).retry(RetryPolicy.noRetry()).holdBack(HoldBack.STREAM)
                    .handle(Deposited.class, d -> {
                        if (d.amount() == 666) {
                            throw new IllegalStateException("poison");
                        }
                        handled.add(d.amount());
                    }));
            awaitPosition(consumer, 2);

            assertThat(handled).isEmpty();
            assertThat(consumer.parked()).singleElement().satisfies(p -> assertThat(p.holdsStream()).isTrue());
        }

        @Test
        void an_error_in_a_lane_is_parked_and_the_other_lanes_go_on() throws InterruptedException {
            List<String> handled = new CopyOnWriteArrayList<>();
            Semaphore seen = new Semaphore(0);
            deposit("1", 666);
            deposit("2", 1);
            deposit("1", 2);
            deposit("2", 3);

            Consumer consumer = start(consumer("c").concurrency(2).handle(Deposited.class, d -> {
                if (d.amount() == 666) {
                    new BigDecimal("-1e2147483647").toPlainString();
                }
                handled.add(d.account() + ":" + d.amount());
                seen.release();
            }));
            await(seen, 2);
            awaitPosition(consumer, 4);

            assertThat(handled).containsExactly("2:1", "2:3");
            assertThat(consumer.status().state()).isEqualTo(ConsumerStatus.State.RUNNING);
            assertThat(consumer.parked()).singleElement()
                    .satisfies(p -> assertThat(p.error()).startsWith("java.lang.OutOfMemoryError"));
        }
    }

    @Nested
    class Concurrency {
        @Test
        void handles_the_streams_of_a_batch_side_by_side_each_in_order() throws InterruptedException {
            for (int i = 0; i < 200; i++) {
                deposit(Integer.toString(i % 10), i);
            }
            Map<String, List<Integer>> byStream = new ConcurrentHashMap<>();
            Semaphore seen = new Semaphore(0);

            start(consumer("c").concurrency(4).handle(Deposited.class, d -> {
                byStream.computeIfAbsent(d.account(), k -> new CopyOnWriteArrayList<>()).add(d.amount());
                seen.release();
            }));
            await(seen, 200);

            assertThat(byStream).hasSize(10);
            byStream.forEach((account, amounts) -> assertThat(amounts).hasSize(20).isSorted());
        }

        @Test
        void runs_two_streams_at_once() throws InterruptedException {
            deposit("1", 1);
            deposit("2", 2);
            CountDownLatch bothStarted = new CountDownLatch(2);
            Semaphore seen = new Semaphore(0);

            start(consumer("c").concurrency(2).handle(Deposited.class, d -> {
                bothStarted.countDown();
                // with one stream at a time this would wait for a handler that never starts
                if (bothStarted.await(10, TimeUnit.SECONDS)) {
                    seen.release();
                }
            }));

            await(seen, 2);
        }

        @Test
        void parks_a_poison_message_holding_back_only_its_stream() throws InterruptedException {
            List<String> handled = new CopyOnWriteArrayList<>();
            Semaphore seen = new Semaphore(0);
            deposit("1", 666);
            deposit("2", 1);
            deposit("1", 2);
            deposit("2", 3);

            Consumer consumer = start(consumer("c").concurrency(2).handle(Deposited.class, d -> {
                if (d.amount() == 666) {
                    throw new IllegalStateException("poison");
                }
                handled.add(d.account() + ":" + d.amount());
                seen.release();
            }));
            await(seen, 2);
            awaitPosition(consumer, 4);

            assertThat(handled).containsExactly("2:1", "2:3");
            assertThat(consumer.parked()).hasSize(1);
        }
    }

    @Nested
    class Groups {
        @Test
        void members_together_see_every_message_exactly_once() throws InterruptedException {
            for (int i = 0; i < 300; i++) {
                deposit(Integer.toString(i % 37), i);
            }
            List<Integer> handled = Collections.synchronizedList(new ArrayList<>());
            Semaphore seen = new Semaphore(0);
            List<List<String>> streamsByMember = new ArrayList<>();
            for (int member = 0; member < 3; member++) {
                List<String> streams = new CopyOnWriteArrayList<>();
                streamsByMember.add(streams);
                start(consumer("g").group(member, 3).handle(Deposited.class, (d, message) -> {
                    handled.add(d.amount());
                    streams.add(message.streamName().value());
                    seen.release();
                }));
            }
            await(seen, 300);

            assertThat(handled).hasSize(300).doesNotHaveDuplicates();
            for (int a = 0; a < 3; a++) {
                assertThat(streamsByMember.get(a)).isNotEmpty();
                for (int b = a + 1; b < 3; b++) {
                    assertThat(streamsByMember.get(a)).doesNotContainAnyElementsOf(streamsByMember.get(b));
                }
            }
            started.forEach(Consumer::stop);
            assertThat(store.lastMessage(StreamName.of("account:position-g+0"))).isPresent();
        }
    }

    private static void awaitPosition(Consumer consumer, long globalPosition) {
        // a consumer's position is observable state: poll it, bounded
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                .untilAsserted(() -> assertThat(consumer.position()).isGreaterThanOrEqualTo(globalPosition));
    }

    private static void awaitState(Consumer consumer, ConsumerStatus.State state) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                .untilAsserted(() -> assertThat(consumer.status().state()).isEqualTo(state));
    }
}
