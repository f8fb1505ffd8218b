package io.microlith.kafka;

import io.microlith.consumer.Consumer;
import io.microlith.consumer.ConsumerStatus;
import io.microlith.consumer.RetryPolicy;
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
 * Publishes every message of a category to its Kafka topic after the store committed it: a {@link Consumer} of the
 * category (position in {@code <category>:position-<name>}, woken by commit notifications) whose handler sends each
 * message with an idempotent producer ({@code acks=all}) and waits for the acknowledgement. The record's key is the
 * stream's cardinal id, so every message of a stream lands in one partition, in order. Published if and only if
 * stored; a failed send is tried again (with backoff, forever, in order), never parked.
 *
 * <p><b>At least once.</b> The position is saved every {@code positionUpdateInterval} messages (100), when idle and
 * on stop; after a crash the relay sends again from there, marking those records {@code microlith-resent}, and a
 * {@link KafkaCategoryConsumer} drops what it processed. {@link Builder#toConsumer(String)} makes a <em>replay</em>:
 * the category from its start to the replay topic of one consumer.
 */
public final class KafkaRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaRelay.class);

    private final KafkaTransport transport;
    private final MessageStore store;
    private final String topic;
    private final Consumer consumer;
    private final long headAtStart;
    private KafkaProducer<String, String> producer;

    private KafkaRelay(Builder b) {
        this.transport = b.transport;
        this.store = b.store;
        this.topic = b.replayTo == null ? transport.topic(b.category) : transport.replayTopic(b.category, b.replayTo);
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

    static Builder builder(KafkaTransport transport, MessageStore store, String category) {
        return new Builder(transport, store, category);
    }

    /** Creates the topic when missing and starts relaying from the saved position, on a virtual thread. */
    public KafkaRelay start() {
        transport.ensureTopic(topic);
        consumer.start();
        return this;
    }

    /** Stops after the current message, saves the position, closes the producer. */
    @Override
    public void close() {
        consumer.stop();
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
        return consumer.position();
    }

    public ConsumerStatus status() {
        return consumer.status();
    }

    /** Whether every message committed to the store so far was sent and acknowledged. */
    public boolean caughtUp() {
        return consumer.caughtUpTo() >= store.headGlobalPosition();
    }

    private synchronized void publish(Message message) throws Exception {
        if (producer == null) {
            producer = new KafkaProducer<>(transport.producerProperties());
        }
        String key = message.streamName().cardinalId().orElse(message.streamName().value());
        try {
            producer.send(new ProducerRecord<>(topic, null, key, MessageJson.write(message),
                    Headers.of(message, message.globalPosition() <= headAtStart))).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the next attempt starts a fresh producer: one that failed may be fenced or in a fatal state
            LOG.debug("Relay to {} failed to send {}", topic, message.globalPosition(), e);
            producer.close(Duration.ZERO);
            producer = null;
            throw e;
        }
    }

    /** Configures a relay. */
    public static final class Builder {
        private final KafkaTransport transport;
        private final MessageStore store;
        private final String category;
        private String name = "kafka-relay";
        private String replayTo;
        private int positionUpdateInterval = 100;
        private int[] group;

        private Builder(KafkaTransport transport, MessageStore store, String category) {
            this.transport = Objects.requireNonNull(transport, "transport");
            this.store = Objects.requireNonNull(store, "store");
            this.category = Objects.requireNonNull(category, "category");
        }

        /** Names the relay's position stream, {@code <category>:position-<name>}; default {@code kafka-relay}. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Makes this relay a replay: the category from the relay's position (from the start, for a new name) to the
         * replay topic of {@link KafkaCategoryConsumer} {@code consumerName}. Default name
         * {@code kafka-replay-<consumer>}.
         */
        public Builder toConsumer(String consumerName) {
            this.replayTo = Objects.requireNonNull(consumerName, "consumerName");
            if (name.equals("kafka-relay")) {
                name = "kafka-replay-" + consumerName;
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

        public KafkaRelay build() {
            return new KafkaRelay(this);
        }

        public KafkaRelay start() {
            return build().start();
        }
    }
}
