package io.microlith.rabbitmq;

import com.rabbitmq.client.Channel;
import io.microlith.consumer.Consumer;
import io.microlith.consumer.ConsumerStatus;
import io.microlith.consumer.RetryPolicy;
import io.microlith.message.Message;
import io.microlith.message.MessageJson;
import io.microlith.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Publishes every message of a category to RabbitMQ after the store committed it: a {@link Consumer} of the category
 * (its position in {@code <category>:position-<name>}, woken by the store's commit notifications) whose handler
 * publishes each message with a publisher confirm. A message is published only once stored, and every stored message
 * is published: the position moves past a message only once the broker confirmed it, and a failed publish is tried
 * again (with backoff, forever, in order) rather than parked.
 *
 * <p><b>At least once.</b> The position is saved every {@code positionUpdateInterval} messages (100), when idle and on
 * stop; after a crash the relay publishes again from its saved position. Those messages carry a {@code resent}
 * header, so that a {@link RabbitConsumer} checks them against its stored positions and drops what it processed.
 *
 * <p>Live messages go to the topic exchange with the routing key {@code <category>.<type>.<slot>} (see
 * {@link RabbitConsumer} for slots). {@link Builder#toConsumer(String)} makes a <em>replay</em> instead: the
 * category from its start to the lanes of one consumer only, to rebuild what it projects.
 *
 * <p>Run one relay per category (or one per member of a consumer {@link Builder#group group}): two relays of one
 * category publish everything twice, which consumers drop, but at twice the cost.
 */
public final class RabbitRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitRelay.class);
    /** A publish that the broker does not confirm in this time counts as failed, and is tried again. */
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);

    private final RabbitTransport transport;
    private final String replayTo;
    private final Consumer consumer;
    private final MessageStore store;
    private final long headAtStart;
    private Channel channel;

    private RabbitRelay(Builder b) {
        this.transport = b.transport;
        this.replayTo = b.replayTo == null ? null : b.replayTo + "@" + b.category;
        this.store = b.store;
        this.headAtStart = b.store.headGlobalPosition();
        Consumer.Builder reader = Consumer.builder(b.store, b.category, b.name)
                .retry(RetryPolicy.backoff(Integer.MAX_VALUE, Duration.ofMillis(100), Duration.ofSeconds(5)))
                .positionUpdateInterval(b.positionUpdateInterval)
                .handleAny(this::publish);
        if (b.group != null) {
            reader.group(b.group[0], b.group[1]);
        }
        this.consumer = reader.build();
    }

    static Builder builder(RabbitTransport transport, MessageStore store, String category) {
        return new Builder(transport, store, category);
    }

    /** Starts relaying from the saved position, on a virtual thread. */
    public RabbitRelay start() {
        consumer.start();
        return this;
    }

    /** Stops after the current message, saves the position. */
    @Override
    public void close() {
        consumer.stop();
        synchronized (this) {
            if (channel != null && channel.isOpen()) {
                try {
                    channel.close();
                } catch (Exception e) {
                    LOG.debug("Closing the relay's channel failed", e);
                }
            }
        }
    }

    /** The global position of the last message published and confirmed. */
    public long position() {
        return consumer.position();
    }

    /** The relay's consumer status: state, position, store head, last error. */
    public ConsumerStatus status() {
        return consumer.status();
    }

    /** Whether every message committed to the store so far was published (and confirmed). */
    public boolean caughtUp() {
        return consumer.caughtUpTo() >= store.headGlobalPosition();
    }

    private synchronized void publish(Message message) throws Exception {
        if (channel == null || !channel.isOpen()) {
            channel = transport.channel();
            channel.confirmSelect();
        }
        String routingKey = replayTo == null ? Slots.routingKey(message) : Slots.replayKey(replayTo, message);
        try {
            channel.basicPublish(transport.exchange(), routingKey, Headers.of(message,
                    message.globalPosition() <= headAtStart), MessageJson.write(message).getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
        } catch (Exception e) {
            // a nack, a timeout or a closed channel: the next attempt opens a fresh channel
            Channel failed = channel;
            channel = null;
            try {
                failed.abort();
            } catch (Exception ignored) {
                // already gone
            }
            throw e;
        }
    }

    /** Configures a relay. */
    public static final class Builder {
        private final RabbitTransport transport;
        private final MessageStore store;
        private final String category;
        private String name = "rabbitmq-relay";
        private String replayTo;
        private int positionUpdateInterval = 100;
        private int[] group;

        private Builder(RabbitTransport transport, MessageStore store, String category) {
            this.transport = Objects.requireNonNull(transport, "transport");
            this.store = Objects.requireNonNull(store, "store");
            this.category = Objects.requireNonNull(category, "category");
        }

        /** Names the relay's position stream, {@code <category>:position-<name>}; default {@code rabbitmq-relay}. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Makes this relay a replay: the category from the relay's position (from the start, for a new name) to the
         * lanes of {@link RabbitConsumer} {@code consumerName} only, instead of to every subscriber. The default name
         * becomes {@code rabbitmq-replay-<consumer>}.
         */
        public Builder toConsumer(String consumerName) {
            this.replayTo = Objects.requireNonNull(consumerName, "consumerName");
            if (name.equals("rabbitmq-relay")) {
                name = "rabbitmq-replay-" + consumerName;
            }
            return this;
        }

        /** Saves the position every this many messages (and when idle, and on stop); default 100. */
        public Builder positionUpdateInterval(int messages) {
            this.positionUpdateInterval = messages;
            return this;
        }

        /** Relays only the streams of member {@code member} of a group of {@code size}: one relay per process. */
        public Builder group(int member, int size) {
            this.group = new int[]{member, size};
            return this;
        }

        public RabbitRelay build() {
            return new RabbitRelay(this);
        }

        /** Builds and starts. */
        public RabbitRelay start() {
            return build().start();
        }
    }
}
