package io.microlith.rabbitmq;

import io.microlith.consumer.Consumer;
import io.microlith.message.MessageTypes;
import io.microlith.store.MessageStore;
import io.microlith.testkit.transport.TransportUnderTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/** One process on RabbitMQ for the {@link io.microlith.testkit.transport.TransportContract}: quick heartbeats. */
final class RabbitUnderTest implements TransportUnderTest {
    private final RabbitTransport transport = TestBroker.connect();
    private final RabbitRequests requests = transport.requests(new MessageTypes());
    private final List<AutoCloseable> started = new ArrayList<>();

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
        RabbitConsumer consumer = transport.consumer(handlers).lanes(8).live(live)
                .membership(Duration.ofMillis(200), Duration.ofSeconds(2)).start();
        TestBroker.deleteLater(consumer.queues());
        return started(consumer);
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

    private record RelayHandle(RabbitRelay relay) implements Relay {
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
