package io.microlith.consumer;

import io.microlith.message.Message;
import io.microlith.store.ConsumerGroup;
import io.microlith.store.MessageStore;

import java.time.Duration;
import java.util.Objects;

/**
 * Publishes every message of a category somewhere else (a broker) after the store committed it: a {@link Consumer}
 * of the category, its position in {@code <category>:position-<name>}, woken by commit notifications, whose one
 * handler hands each message to a {@link Publisher} that returns once the receiver acknowledged it. So a message is
 * published only once stored and every stored message is: the position moves past a message only after its publish
 * returned, and a failed publish is tried again (backoff up to 5 s, forever, in order), never parked.
 *
 * <p><b>At least once.</b> The position is saved every {@code positionUpdateInterval} messages (100 by default), when
 * idle and on stop; after a crash the relay publishes again from there. Messages at or below the store's head when the
 * relay started are published as {@code resent}: they may have been published before, and a receiver that
 * deduplicates ({@link LanePositions}) checks them against what it stored.
 *
 * <p>The transports' relays ({@code RabbitRelay}, {@code KafkaRelay}) are this with a publisher of their own.
 */
public final class Relay implements AutoCloseable {
    /** Backoff between attempts to publish a message the receiver did not take. */
    static final RetryPolicy FOREVER = RetryPolicy.backoff(Integer.MAX_VALUE, Duration.ofMillis(100),
            Duration.ofSeconds(5));

    private final MessageStore store;
    private final Consumer consumer;
    private final long headAtStart;

    /** Sends one message; see {@link Relay}. */
    @FunctionalInterface
    public interface Publisher {
        /**
         * Publishes {@code message} and returns once the receiver acknowledged it.
         *
         * @param resent true when the message may have been published before (a relay's restart)
         * @throws Exception when it was not acknowledged: the relay tries again
         */
        void publish(Message message, boolean resent) throws Exception;
    }

    private Relay(Builder b, Publisher publisher) {
        this.store = b.store;
        this.headAtStart = b.store.headGlobalPosition();
        this.consumer = Consumer.builder(b.store, b.category, b.name)
                .retry(FOREVER)
                .positionUpdateInterval(b.positionUpdateInterval)
                .group(b.group)
                .handleAny(message -> publisher.publish(message, message.globalPosition() <= headAtStart))
                .build();
    }

    /** A relay of {@code category} named {@code name} (which names its position stream: keep it stable). */
    public static Builder builder(MessageStore store, String category, String name) {
        return new Builder(store, category, name);
    }

    /** Starts relaying from the saved position, on a virtual thread. */
    public Relay start() {
        consumer.start();
        return this;
    }

    /** Stops after the message in hand and saves the position. */
    @Override
    public void close() {
        consumer.stop();
    }

    /** The global position of the last message published and acknowledged. */
    public long position() {
        return consumer.position();
    }

    /** The relay's consumer status: state, position, store head, last error. */
    public ConsumerStatus status() {
        return consumer.status();
    }

    /** Whether every message committed to the store so far was published and acknowledged. */
    public boolean caughtUp() {
        return consumer.caughtUpTo() >= store.headGlobalPosition();
    }

    /** Configures a {@link Relay}. */
    public static final class Builder {
        private final MessageStore store;
        private final String category;
        private String name;
        private int positionUpdateInterval = 100;
        private ConsumerGroup group;

        private Builder(MessageStore store, String category, String name) {
            this.store = Objects.requireNonNull(store, "store");
            this.category = Objects.requireNonNull(category, "category");
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Names the relay's position stream, {@code <category>:position-<name>}. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public String name() {
            return name;
        }

        public String category() {
            return category;
        }

        public MessageStore store() {
            return store;
        }

        /** Saves the position every this many messages (and when idle, and on stop); default 100. */
        public Builder positionUpdateInterval(int messages) {
            this.positionUpdateInterval = messages;
            return this;
        }

        /** Relays only the streams of member {@code member} of a group of {@code size}: one relay per process. */
        public Builder group(int member, int size) {
            this.group = new ConsumerGroup(member, size);
            return this;
        }

        /** A relay that hands each message to {@code publisher}; not started. */
        public Relay build(Publisher publisher) {
            return new Relay(this, Objects.requireNonNull(publisher, "publisher"));
        }
    }
}
