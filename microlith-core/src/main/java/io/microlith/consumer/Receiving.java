package io.microlith.consumer;

import io.microlith.message.StreamName;

import java.util.List;
import java.util.UUID;

/**
 * How a {@link Consumer} gets its messages, and the life cycle, position and parked messages that go with it: a
 * {@link ReadLoop} reads the store, a {@link DeliveredConsumer} is fed by a broker. The consumer's public methods of
 * the same names hand over to it; their Javadoc is the contract.
 */
interface Receiving {
    void start();

    void stop();

    long caughtUpTo();

    long position();

    ConsumerStatus status();

    StreamName parkedStream();

    List<ParkedMessage> parked();

    void replay(UUID messageId);

    void skip(UUID messageId);

    void wakeUp();
}
