package io.microlith.consumer;

import io.microlith.Microlith;
import io.microlith.message.Message;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.MessageStore;
import io.microlith.store.memory.InMemoryMessageStore;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A {@link Consumer} built with a {@link BrokerTransport}: the broker delivers, the consumer keeps its face. */
class ConsumerOnABrokerTest {
    private final InMemoryMessageStore store = new InMemoryMessageStore();
    private final HandBroker broker = new HandBroker();
    private final List<String> handled = new CopyOnWriteArrayList<>();

    /** A broker of the test's hand: it delivers what the test gives it, to the handling the consumer built. */
    static final class HandBroker implements BrokerTransport {
        MessageHandling handling;
        Consumer.Builder consumer;
        boolean closed;

        @Override
        public Delivery deliver(Consumer.Builder consumer) {
            this.consumer = consumer;
            this.handling = consumer.buildHandling();
            return new Delivery() {
                @Override
                public List<ParkedMessage> parked() {
                    return handling.parked();
                }

                @Override
                public void replay(UUID messageId) {
                    handling.replay(messageId);
                }

                @Override
                public void skip(UUID messageId) {
                    handling.skip(messageId);
                }

                @Override
                public void close() {
                    closed = true;
                    handling.close();
                }
            };
        }

        @Override
        public Relaying startRelay(MessageStore store, String category) {
            throw new UnsupportedOperationException("no relay in these tests");
        }

        @Override
        public String describe() {
            return "hand://test";
        }

        @Override
        public void close() {
        }

        MessageHandling.Outcome give(Message message) {
            return handling.handle(message);
        }
    }

    private Message written(String stream, String type) {
        store.write(StreamName.of(stream), NewMessage.of(type, "{}"));
        return store.lastMessage(StreamName.of(stream)).orElseThrow();
    }

    private Consumer.Builder builder() {
        return Consumer.builder(store, "account", "balances").transport(broker)
                .retry(RetryPolicy.backoff(2, Duration.ZERO, Duration.ZERO))
                .handle("Deposited", m -> handled.add(m.streamName().value() + "@" + m.globalPosition()));
    }

    @Nested
    class Receiving {
        @Test
        void handles_what_the_broker_delivers_and_never_reads_the_store() throws Exception {
            Message first = written("account-1", "Deposited");
            written("account-2", "Deposited");
            Consumer consumer = builder().build().start();
            Thread.sleep(200); // a store consumer would have read both by now

            assertThat(handled).isEmpty();
            assertThat(broker.give(first)).isEqualTo(MessageHandling.Outcome.HANDLED);

            assertThat(handled).containsExactly("account-1@" + first.globalPosition());
            assertThat(consumer.status().state()).isEqualTo(ConsumerStatus.State.RUNNING);
            assertThat(consumer.position()).isEqualTo(first.globalPosition());
            consumer.stop();
            assertThat(broker.closed).isTrue();
            assertThat(consumer.status().state()).isEqualTo(ConsumerStatus.State.STOPPED);
        }

        @Test
        void its_listeners_hear_each_message_as_a_batch_of_one() {
            List<Long> batches = new ArrayList<>();
            builder().listener(new ConsumerListener() {
                @Override
                public void batchProcessed(long position, int messages) {
                    batches.add(position * 10 + messages);
                }
            }).build().start();
            Message deposited = written("account-1", "Deposited");

            broker.give(deposited);

            assertThat(batches).containsExactly(deposited.globalPosition() * 10 + 1);
        }

        @Test
        void a_failing_message_is_parked_and_the_consumer_lists_it_with_its_last_error() {
            Consumer consumer = Consumer.builder(store, "account", "balances").transport(broker)
                    .retry(RetryPolicy.backoff(2, Duration.ZERO, Duration.ZERO))
                    .handle("Deposited", m -> {
                        throw new IllegalStateException("broken");
                    }).build().start();
            Message deposited = written("account-3", "Deposited");

            assertThat(broker.give(deposited)).isEqualTo(MessageHandling.Outcome.PARKED);

            assertThat(consumer.parked()).extracting(ParkedMessage::messageId).containsExactly(deposited.id());
            assertThat(consumer.status().parked()).isEqualTo(1);
            assertThat(consumer.status().lastError()).contains("broken");
            assertThat(consumer.parkedStream().value()).isEqualTo("account:parked-balances");
        }
    }

    @Nested
    class Keeping_its_position {
        @Test
        void saves_the_highest_position_handled_every_hundred_messages_and_on_stop() {
            Consumer consumer = builder().build().start();
            PositionStore saved = PositionStore.inStream(store, StreamName.of("account:position-balances"));
            List<Message> messages = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                messages.add(written("account-" + (i % 7), "Deposited"));
            }

            messages.subList(0, 100).forEach(broker::give);
            assertThat(saved.load()).isEqualTo(messages.get(99).globalPosition());
            messages.subList(100, 150).forEach(broker::give);
            consumer.stop();

            assertThat(saved.load()).isEqualTo(messages.get(149).globalPosition());
        }

        @Test
        void saves_a_position_that_moved_within_seconds_when_no_hundredth_message_comes() throws Exception {
            Consumer consumer = builder().build().start();
            PositionStore saved = PositionStore.inStream(store, StreamName.of("account:position-balances"));
            Message last = null;
            for (int i = 0; i < 30; i++) {
                last = written("account-" + (i % 7), "Deposited");
                broker.give(last);
            }

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (saved.load() != last.globalPosition() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(saved.load()).as("saved while the consumer runs, idle after 30 messages")
                    .isEqualTo(last.globalPosition());
            consumer.stop();
        }

        @Test
        void a_transactional_position_store_commits_each_message_and_never_moves_back() {
            List<Long> commits = new ArrayList<>();
            TransactionalPositionStore view = new TransactionalPositionStore() {
                private long position;

                @Override
                public void begin() {
                }

                @Override
                public void commit(long globalPosition) {
                    commits.add(globalPosition);
                    position = globalPosition;
                }

                @Override
                public void rollback() {
                }

                @Override
                public long load() {
                    return position;
                }
            };
            Consumer.Builder builder = builder().positionStore(view).concurrency(4);
            assertThat(builder.ordered()).as("a view needs its category in global order").isTrue();
            builder.build().start();
            Message early = written("account-1", "Deposited");
            Message late = written("account-2", "Deposited");

            broker.give(late);
            broker.give(early); // a redelivery of an older message

            assertThat(commits).containsExactly(late.globalPosition(), late.globalPosition());
        }
    }

    @Nested
    class In_a_microlith {
        @Test
        void every_consumer_it_builds_receives_through_its_transport_and_awaitIdle_refuses_to_guess() {
            try (Microlith microlith = Microlith.create(config -> config.store(store).transport(broker))) {
                microlith.consumer("account", "balances", c -> c.handle("Deposited", m -> handled.add("x")));
                microlith.start();

                assertThat(broker.consumer.name()).isEqualTo("balances");
                assertThat(broker.consumer.ordered()).isTrue();
                assertThat(microlith.transport()).isSameAs(broker);
                assertThatThrownBy(() -> microlith.awaitIdle(Duration.ofSeconds(1)))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("hand://test");
            }
        }
    }
}
