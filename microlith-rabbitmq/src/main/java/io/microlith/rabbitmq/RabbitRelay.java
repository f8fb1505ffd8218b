package io.microlith.rabbitmq;

import com.rabbitmq.client.Channel;
import io.microlith.consumer.BrokerTransport;
import io.microlith.consumer.ConsumerStatus;
import io.microlith.consumer.Relay;
import io.microlith.message.Message;
import io.microlith.message.MessageJson;
import io.microlith.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Publishes every message of a category to RabbitMQ after the store committed it: the core's {@link Relay} (a store
 * consumer whose position moves past a message only once it was published; a failed publish tried again forever)
 * with a publisher that waits for the broker's publisher confirm. Published if and only if stored, at least once:
 * after a crash the relay publishes again from its saved position (every 100 messages), with a {@code resent} header
 * that makes a {@link RabbitConsumer} check its stored positions.
 *
 * <p>Live messages go to the topic exchange with the routing key {@code <category>.<type>.<slot>} (see
 * {@link RabbitConsumer} for slots). {@link Builder#toConsumer(String)} makes a <em>replay</em> instead: the
 * category from its start to the lanes of one consumer only, to rebuild what it projects.
 *
 * <p>Run one relay per category (or one per member of a {@link Builder#group group}): two relays of one category
 * publish everything twice, which consumers drop, but at twice the cost.
 */
public final class RabbitRelay implements BrokerTransport.Relaying {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitRelay.class);
    /** A publish that the broker does not confirm in this time counts as failed, and is tried again. */
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);

    private final RabbitTransport transport;
    private final String replayTo;
    private final Relay relay;
    private Channel channel;

    private RabbitRelay(Builder b) {
        this.transport = b.transport;
        this.replayTo = b.replayTo == null ? null : b.replayTo + "@" + b.relay.category();
        this.relay = b.relay.build(this::publish);
    }

    static Builder builder(RabbitTransport transport, MessageStore store, String category) {
        return new Builder(transport, store, category);
    }

    /** Starts relaying from the saved position, on a virtual thread. */
    public RabbitRelay start() {
        relay.start();
        return this;
    }

    /** Stops after the current message, saves the position. */
    @Override
    public void close() {
        relay.close();
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
        return relay.position();
    }

    /** The relay's consumer status: state, position, store head, last error. */
    public ConsumerStatus status() {
        return relay.status();
    }

    /** Whether every message committed to the store so far was published (and confirmed). */
    public boolean caughtUp() {
        return relay.caughtUp();
    }

    private synchronized void publish(Message message, boolean resent) throws Exception {
        if (channel == null || !channel.isOpen()) {
            channel = transport.channel();
            channel.confirmSelect();
        }
        String routingKey = replayTo == null ? Slots.routingKey(message) : Slots.replayKey(replayTo, message);
        try {
            channel.basicPublish(transport.exchange(), routingKey, Headers.of(message, resent),
                    MessageJson.write(message).getBytes(StandardCharsets.UTF_8));
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

    /** Configures a relay; {@link Relay.Builder} holds the settings it shares with every relay. */
    public static final class Builder {
        private final RabbitTransport transport;
        private final Relay.Builder relay;
        private String replayTo;

        private Builder(RabbitTransport transport, MessageStore store, String category) {
            this.transport = Objects.requireNonNull(transport, "transport");
            this.relay = Relay.builder(store, category, "rabbitmq-relay");
        }

        /** Names the relay's position stream, {@code <category>:position-<name>}; default {@code rabbitmq-relay}. */
        public Builder name(String name) {
            relay.name(name);
            return this;
        }

        /**
         * Makes this relay a replay: the category from the relay's position (from the start, for a new name) to the
         * lanes of {@link RabbitConsumer} {@code consumerName} only, instead of to every subscriber. The default name
         * becomes {@code rabbitmq-replay-<consumer>}.
         */
        public Builder toConsumer(String consumerName) {
            this.replayTo = Objects.requireNonNull(consumerName, "consumerName");
            if (relay.name().equals("rabbitmq-relay")) {
                relay.name("rabbitmq-replay-" + consumerName);
            }
            return this;
        }

        /** Saves the position every this many messages (and when idle, and on stop); default 100. */
        public Builder positionUpdateInterval(int messages) {
            relay.positionUpdateInterval(messages);
            return this;
        }

        /** Relays only the streams of member {@code member} of a group of {@code size}: one relay per process. */
        public Builder group(int member, int size) {
            relay.group(member, size);
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
