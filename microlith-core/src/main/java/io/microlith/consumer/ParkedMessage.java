package io.microlith.consumer;

import io.microlith.message.StreamName;

import java.time.Instant;
import java.util.UUID;

/**
 * A message a consumer gave up on after its retry policy's last attempt. It stays parked (and, when its
 * consumer's {@link HoldBack} holds its stream, so does the rest of that stream for this consumer) until it
 * is replayed or skipped.
 *
 * @param messageId      the parked message's id
 * @param streamName     its stream
 * @param position       its position in that stream
 * @param globalPosition its global position
 * @param type           its type
 * @param error          the last failure, as {@code ExceptionClass: message} (at most
 *                       {@value ParkingLot#MAX_ERROR_LENGTH} characters)
 * @param attempts       how many times the handler was tried
 * @param holdsStream    whether later messages of the stream are held back behind it
 * @param parkedAt       when it was parked
 */
public record ParkedMessage(UUID messageId, StreamName streamName, long position, long globalPosition,
                            String type, String error, int attempts, boolean holdsStream, Instant parkedAt) {
}
