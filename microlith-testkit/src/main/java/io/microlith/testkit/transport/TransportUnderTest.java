package io.microlith.testkit.transport;

import io.microlith.consumer.Consumer;
import io.microlith.store.MessageStore;

import java.time.Duration;
import java.util.function.Function;

/**
 * One process's connection to a broker, as the {@link TransportContract} drives it: each
 * {@link TransportContract#connect()} is a process of its own (its own connection, its own consumer-group member).
 * Everything it starts is stopped by {@link #close()}.
 */
public interface TransportUnderTest extends AutoCloseable {

    /**
     * Starts a relay of {@code category} from {@code store} to the broker, for every live subscriber; {@code name}
     * names its position (a new name starts from the category's first message).
     */
    Relay relay(MessageStore store, String category, String name);

    /**
     * Starts a replay: a relay named {@code replayName} that publishes {@code category} from its start to the
     * consumer {@code consumerName} only, then goes on with what is committed later.
     */
    Relay replay(MessageStore store, String category, String consumerName, String replayName);

    /**
     * Starts a broker consumer whose handlers, retry policy and names come from {@code handlers}: per-stream order,
     * deduplication by global position, its streams spread over the processes running a consumer of the same name.
     * With {@code live} false it receives only replays addressed to it.
     */
    AutoCloseable consumer(Consumer.Builder handlers, boolean live);

    /** Answers queries of {@code type} in this process until closed. */
    <Q extends Record, R extends Record> AutoCloseable serve(Class<Q> type, Function<Q, R> handler);

    /**
     * Sends a query to whichever process serves it and waits, with the query bus's semantics: the answer, or
     * {@code WaitTimeoutException} after {@code timeout}, or {@code QueryFailedException} when the handler threw.
     */
    <R extends Record> R request(Record query, Class<R> answer, Duration timeout);

    /** Stops what this process started and disconnects. */
    @Override
    void close();

    /** A running relay. */
    interface Relay extends AutoCloseable {
        /** Whether everything committed to its category so far was published and acknowledged by the broker. */
        boolean caughtUp();

        @Override
        void close();
    }
}
