package io.microlith.consumer;

import io.microlith.store.MessageStore;

import java.util.List;
import java.util.UUID;

/**
 * A broker that carries the store's messages to consumers instead of their reading the store (decision 0093): a
 * consumer built with {@link Consumer.Builder#transport(BrokerTransport)} keeps its handlers, retries, parking and
 * listeners, and the transport delivers to them; relays publish what the store committed. Implemented by
 * {@code RabbitTransport} (microlith-rabbitmq) and {@code KafkaTransport} (microlith-kafka); hand one to
 * {@code MicrolithConfig.transport(...)} and every consumer the Microlith builds receives through it.
 *
 * <p>Contract for implementations: {@link #deliver} starts delivering the consumer's category (all of it, or what
 * {@code handlers} handle) and returns at once; each message goes to {@code handlers.buildHandling()}, each stream in
 * order, deduplicated by global position ({@link LanePositions}). A consumer whose
 * {@link Consumer.Builder#concurrency() concurrency} is 1 or whose position store is transactional expects the whole
 * category in global order, one message at a time; a transport that cannot give that says so in its documentation.
 */
public interface BrokerTransport extends AutoCloseable {

    /**
     * Starts delivering messages to the handlers, retries and listeners of {@code consumer}.
     *
     * @throws RuntimeException (the transport's own, naming the broker) when the broker refuses the consumer
     */
    Delivery deliver(Consumer.Builder consumer);

    /**
     * Starts a relay that publishes every message of {@code category} that {@code store} committed, from the relay's
     * saved position; run one per category in the whole system.
     */
    Relaying startRelay(MessageStore store, String category);

    /** Where the broker is, for messages and logs (no password). */
    String describe();

    /** Closes the connection: every delivery and relay on it stops. */
    @Override
    void close();

    /** A consumer's deliveries from the broker, running until closed. */
    interface Delivery extends AutoCloseable {
        /** Messages parked by this consumer (in this process) and not released, in global order. */
        List<ParkedMessage> parked();

        /** Handles a parked message again, then the rest of its held stream from the store; see {@link Consumer#replay}. */
        void replay(UUID messageId);

        /** Gives up on a parked message, then handles the rest of its held stream; see {@link Consumer#skip}. */
        void skip(UUID messageId);

        /** Stops receiving after the message in hand; what is not acknowledged is delivered again later. */
        @Override
        void close();
    }

    /** A running relay. */
    interface Relaying extends AutoCloseable {
        /** Whether everything committed to its category so far was published and acknowledged. */
        boolean caughtUp();

        /** The relay's own consumer of the store: state, position, last error. */
        ConsumerStatus status();

        /** Stops after the message in hand and saves the position. */
        @Override
        void close();
    }
}
