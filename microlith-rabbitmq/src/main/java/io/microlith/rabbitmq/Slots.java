package io.microlith.rabbitmq;

import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.store.ConsumerGroup;
import io.microlith.store.Hash64;

/**
 * Where a stream's messages travel: each stream falls in one of {@value #COUNT} slots by message-db's hash of its
 * cardinal id (as consumer groups split a category), and the relay puts the slot in the routing key,
 * {@code <category>.<type>.<slot>}. A consumer binds each of its lanes (queues) to a fixed set of slots, so every
 * message of one stream reaches the same queue, in order.
 */
final class Slots {
    /** Enough to spread over a few dozen lanes; fixed, since bindings are made from it. */
    static final int COUNT = 64;

    private Slots() {
    }

    static int of(StreamName stream) {
        String id = stream.cardinalId().orElse(stream.value());
        return ConsumerGroup.memberOf(Hash64.of(id), COUNT);
    }

    /** The routing key of a live message: {@code <category>.<type>.<slot>}. */
    static String routingKey(Message message) {
        return message.category() + "." + word(message.type()) + "." + of(message.streamName());
    }

    /** The routing key of a replayed message, for the lanes of one consumer only. */
    static String replayKey(String consumer, Message message) {
        return replayPrefix(consumer) + "." + word(message.type()) + "." + of(message.streamName());
    }

    static String replayPrefix(String consumer) {
        return "replay:" + consumer;
    }

    /**
     * @throws IllegalArgumentException unless {@code pattern} is a topic pattern {@code <category>.<type>}: two words,
     *                                  {@code *} for any one
     */
    static String requirePattern(String pattern) {
        if (pattern == null || !pattern.matches("[^.#\\s]+\\.[^.#\\s]+")) {
            throw new IllegalArgumentException("Expected a pattern <category>.<type> (two words, * for any) but was '"
                    + pattern + "'");
        }
        return pattern;
    }

    /** A type name as one word of a routing key ({@code .} separates words). */
    static String word(String text) {
        return text.replace('.', '_');
    }
}
