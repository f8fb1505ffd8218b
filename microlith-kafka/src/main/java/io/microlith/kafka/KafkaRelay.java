package io.microlith.kafka;

import io.microlith.consumer.BrokerTransport;
import io.microlith.consumer.ConsumerStatus;
import io.microlith.consumer.Relay;
import io.microlith.message.Message;
import io.microlith.message.MessageJson;
import io.microlith.store.MessageStore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Publishes every message of a category to its Kafka topic after the store committed it: the core's {@link Relay}
 * (a store consumer whose position moves past a message only once it was published; a failed send tried again
 * forever) with an idempotent producer ({@code acks=all}) whose acknowledgement it waits for. The record's key is the
 * stream's cardinal id, so every message of a stream lands in one partition, in order. Published if and only if
 * stored, at least once: after a crash the relay sends again from its saved position (every 100 messages), marking
 * those records {@code microlith-resent}, and a {@link KafkaCategoryConsumer} drops what it processed.
 * {@link Builder#toConsumer(String)} makes a <em>replay</em>: the category from its start to the replay topic of one
 * consumer.
 */
public final class KafkaRelay implements BrokerTransport.Relaying {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaRelay.class);

    private final KafkaTransport transport;
    private final String topic;
    private final Relay relay;
    private KafkaProducer<String, String> producer;

    private KafkaRelay(Builder b) {
        this.transport = b.transport;
        String category = b.relay.category();
        this.topic = b.replayTo == null ? transport.topic(category) : transport.replayTopic(category, b.replayTo);
        this.relay = b.relay.build(this::publish);
    }

    static Builder builder(KafkaTransport transport, MessageStore store, String category) {
        return new Builder(transport, store, category);
    }

    /** Creates the topic when missing and starts relaying from the saved position, on a virtual thread. */
    public KafkaRelay start() {
        transport.ensureTopic(topic);
        relay.start();
        return this;
    }

    /** Stops after the current message, saves the position, closes the producer. */
    @Override
    public void close() {
        relay.close();
        synchronized (this) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
                producer = null;
            }
        }
    }

    /** The topic this relay sends to. */
    public String topic() {
        return topic;
    }

    /** The global position of the last message sent and acknowledged. */
    public long position() {
        return relay.position();
    }

    public ConsumerStatus status() {
        return relay.status();
    }

    /** Whether every message committed to the store so far was sent and acknowledged. */
    public boolean caughtUp() {
        return relay.caughtUp();
    }

    private synchronized void publish(Message message, boolean resent) throws Exception {
        if (producer == null) {
            producer = new KafkaProducer<>(transport.producerProperties());
        }
        String key = message.streamName().cardinalId().orElse(message.streamName().value());
        try {
            producer.send(new ProducerRecord<>(topic, null, key, MessageJson.write(message), Headers.of(message, resent)))
                    .get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the next attempt starts a fresh producer: one that failed may be fenced or in a fatal state
            LOG.debug("Relay to {} failed to send {}", topic, message.globalPosition(), e);
            producer.close(Duration.ZERO);
            producer = null;
            throw e;
        }
    }

    /** Configures a relay; {@link Relay.Builder} holds the settings it shares with every relay. */
    public static final class Builder {
        private final KafkaTransport transport;
        private final Relay.Builder relay;
        private String replayTo;

        private Builder(KafkaTransport transport, MessageStore store, String category) {
            this.transport = Objects.requireNonNull(transport, "transport");
            this.relay = Relay.builder(store, category, "kafka-relay");
        }

        /** Names the relay's position stream, {@code <category>:position-<name>}; default {@code kafka-relay}. */
        public Builder name(String name) {
            relay.name(name);
            return this;
        }

        /**
         * Makes this relay a replay: the category from the relay's position (from the start, for a new name) to the
         * replay topic of {@link KafkaCategoryConsumer} {@code consumerName}. Default name
         * {@code kafka-replay-<consumer>}.
         */
        public Builder toConsumer(String consumerName) {
            this.replayTo = Objects.requireNonNull(consumerName, "consumerName");
            if (relay.name().equals("kafka-relay")) {
                relay.name("kafka-replay-" + consumerName);
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

        public KafkaRelay build() {
            return new KafkaRelay(this);
        }

        public KafkaRelay start() {
            return build().start();
        }
    }
}
