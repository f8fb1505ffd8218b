package io.microlith.kafka;

import io.microlith.consumer.Consumer;
import io.microlith.message.MessageTypes;
import io.microlith.store.MessageStore;
import io.microlith.testkit.transport.TransportUnderTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** One process on the test run's Kafka broker, for the {@link io.microlith.testkit.transport.TransportContract}. */
final class KafkaUnderTest implements TransportUnderTest {
    static final String PREFIX = "brokers-test-" + UUID.randomUUID().toString().substring(0, 8);

    private final KafkaTransport transport = connect();
    private final KafkaRequests requests = transport.requests(new MessageTypes());
    private final List<AutoCloseable> started = new ArrayList<>();

    static KafkaTransport connect() {
        return KafkaTransport.connect(KafkaSettings.of(TestKafka.bootstrap()).withTopicPrefix(PREFIX));
    }

    @Override
    public Relay relay(MessageStore store, String category, String name) {
        return started(new RelayHandle(transport.relay(store, category).name(name).start()));
    }

    @Override
    public Relay replay(MessageStore store, String category, String consumerName, String replayName) {
        return started(new RelayHandle(transport.relay(store, category).toConsumer(consumerName).name(replayName)
                .start()));
    }

    @Override
    public AutoCloseable consumer(Consumer.Builder handlers, boolean live) {
        return started(transport.consumer(handlers).live(live).start());
    }

    @Override
    public <Q extends Record, R extends Record> AutoCloseable serve(Class<Q> type, Function<Q, R> handler) {
        return started(requests.serve(type, handler));
    }

    @Override
    public <R extends Record> R request(Record query, Class<R> answer, Duration timeout) {
        return requests.request(query, answer, timeout);
    }

    private <T extends AutoCloseable> T started(T closeable) {
        started.add(closeable);
        return closeable;
    }

    @Override
    public void close() {
        Collections.reverse(started);
        for (AutoCloseable closeable : started) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        requests.close();
        transport.close();
    }

    private record RelayHandle(KafkaRelay relay) implements Relay {
        @Override
        public boolean caughtUp() {
            return relay.caughtUp();
        }

        @Override
        public void close() {
            relay.close();
        }
    }
}
