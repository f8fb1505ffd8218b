package io.microlith.bus;

import io.microlith.message.StreamName;

import java.util.UUID;

/**
 * Where a dispatched command or event was stored.
 *
 * @param messageId      the message's id (the envelope's)
 * @param streamName     the stream it was written to
 * @param position       its position in that stream
 * @param globalPosition its global position
 * @param correlationId  its correlation id, or {@code null}
 */
public record Dispatched(UUID messageId, StreamName streamName, long position, long globalPosition,
                         String correlationId) {
}
