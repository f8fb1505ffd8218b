package io.microlith.rabbitmq;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.microlith.consumer.BrokerTransport;
import io.microlith.consumer.Consumer;
import io.microlith.message.MessageTypes;
import io.microlith.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * One process's connection to RabbitMQ, and what runs over it: the {@link RabbitRelay} that publishes stored
 * messages, {@link RabbitConsumer}s (ordered, deduplicated, spread over processes), {@link RabbitWorkQueue}s
 * (competing consumers) and {@link RabbitRequests} (request/response).
 *
 * <pre>{@code
 * try (RabbitTransport rabbit = RabbitTransport.connect("amqp://guest:guest@127.0.0.1:5672/")) {
 *     RabbitRelay relay = rabbit.relay(store, "account").start();
 *     RabbitConsumer balances = rabbit.consumer(Consumer.builder(store, "account", "balances")
 *             .handle(Deposited.class, deposited -> ...)).start();
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #connect(RabbitSettings)} declares the durable topic exchange {@link RabbitSettings#exchange()}. The
 * connection recovers by itself after a network failure or a broker restart (the client's automatic recovery,
 * every second), and so do the consumers on it.
 */
public final class RabbitTransport implements BrokerTransport {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitTransport.class);

    private final RabbitSettings settings;
    private final Connection connection;

    private RabbitTransport(RabbitSettings settings, Connection connection) {
        this.settings = settings;
        this.connection = connection;
    }

    /** {@link #connect(RabbitSettings)} with {@link RabbitSettings#parse(String)}. */
    public static RabbitTransport connect(String url) {
        return connect(RabbitSettings.parse(url));
    }

    /**
     * Connects, trying again every 500 ms while the broker is unreachable, for at most
     * {@link RabbitSettings#startupWait()}, and declares the exchange.
     *
     * @throws RabbitUnavailableException when the broker could not be reached in time, saying where and why
     */
    public static RabbitTransport connect(RabbitSettings settings) {
        long deadline = System.nanoTime() + settings.startupWait().toNanos();
        Exception last;
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                Connection connection = settings.connectionFactory().newConnection("microlith");
                try (Channel channel = connection.createChannel()) {
                    channel.exchangeDeclare(settings.exchange(), BuiltinExchangeType.TOPIC, true);
                }
                return new RabbitTransport(settings, connection);
            } catch (IOException | TimeoutException e) {
                last = e;
            }
            if (System.nanoTime() + Duration.ofMillis(500).toNanos() > deadline) {
                throw new RabbitUnavailableException("RabbitMQ at " + settings.describe() + " is unreachable after "
                        + attempts + " attempt(s) over " + settings.startupWait() + " (startupWait): " + last, last);
            }
            LOG.warn("RabbitMQ at {} is unreachable ({}); trying again", settings.describe(), last.toString());
            sleep(Duration.ofMillis(500));
        }
    }

    /** A relay of {@code category} from {@code store} to this broker, to configure and {@link RabbitRelay#start()}. */
    public RabbitRelay.Builder relay(MessageStore store, String category) {
        return RabbitRelay.builder(this, store, category);
    }

    /** An ordered consumer whose handlers, retries and names come from {@code handlers}; see {@link RabbitConsumer}. */
    public RabbitConsumer.Builder consumer(Consumer.Builder handlers) {
        return RabbitConsumer.builder(this, handlers);
    }

    /**
     * The {@link BrokerTransport} face, for {@code MicrolithConfig.transport(rabbit)}: a {@link RabbitConsumer} of the
     * consumer's name, with one lane when the consumer needs its category in global order ({@link
     * Consumer.Builder#ordered()}: concurrency 1, or a view's transactional position), else as many lanes as its
     * concurrency (at most {@value Slots#COUNT}).
     */
    @Override
    public RabbitConsumer deliver(Consumer.Builder consumer) {
        int lanes = consumer.ordered() ? 1 : Math.min(consumer.concurrency(), Slots.COUNT);
        return consumer(consumer).lanes(lanes).start();
    }

    /** The {@link BrokerTransport} face: {@code relay(store, category).start()}. */
    @Override
    public RabbitRelay startRelay(MessageStore store, String category) {
        return relay(store, category).start();
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    /** A work queue (competing consumers) whose handlers come from {@code handlers}; see {@link RabbitWorkQueue}. */
    public RabbitWorkQueue.Builder workQueue(Consumer.Builder handlers) {
        return RabbitWorkQueue.builder(this, handlers);
    }

    /**
     * Hears what the relays publish on topic {@code patterns} ({@code product.ProductAdded}, {@code *.OrderPlaced})
     * while this process runs, at most once: for live pages; see {@link RabbitTopicListener}.
     *
     * @throws RabbitUnavailableException when the broker refuses the queue
     */
    public RabbitTopicListener listen(java.util.function.Consumer<io.microlith.message.Message> listener,
                                      String... patterns) {
        return RabbitTopicListener.start(this, java.util.List.of(patterns), listener);
    }

    /** Request/response over this broker, bodies named and decoded by {@code types}; see {@link RabbitRequests}. */
    public RabbitRequests requests(MessageTypes types) {
        return new RabbitRequests(this, Objects.requireNonNull(types, "types"));
    }

    public RabbitSettings settings() {
        return settings;
    }

    String exchange() {
        return settings.exchange();
    }

    /** A new channel on this connection. */
    Channel channel() {
        try {
            return connection.createChannel();
        } catch (IOException e) {
            throw new RabbitUnavailableException("Cannot open a channel to " + settings.describe() + ": " + e, e);
        }
    }

    /** Closes the connection: every relay, consumer and request on it stops receiving. */
    @Override
    public void close() {
        try {
            if (connection.isOpen()) {
                connection.close(5_000);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Closing the RabbitMQ connection to {} failed", settings.describe(), e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
