package io.microlith.message;

import java.util.Objects;
import java.util.UUID;

/**
 * Names the message that caused another one.
 *
 * @param messageId      the causing message's id
 * @param streamName     the stream it was read from
 * @param position       its position in that stream
 * @param globalPosition its global position in the store
 */
public record Causation(UUID messageId, StreamName streamName, long position, long globalPosition) {
    public Causation {
        Objects.requireNonNull(streamName, "streamName");
    }

    /** The causation that points at {@code message}. */
    public static Causation of(Message message) {
        return new Causation(message.id(), message.streamName(), message.position(), message.globalPosition());
    }
}
