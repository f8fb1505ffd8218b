package io.microlith.message;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A message as stored: immutable, with its place in its stream and in the whole store.
 *
 * @param id             unique across the store
 * @param streamName     the stream it belongs to
 * @param type           the type name, e.g. {@code Deposited}
 * @param position       0-based index in its stream, without gaps
 * @param globalPosition 1-based, strictly increasing across the store (may have gaps)
 * @param time           when it was written (UTC, microsecond precision)
 * @param data           the body as JSON text; stores may normalise whitespace and key order
 *                       (PostgreSQL's jsonb does), so compare it as JSON, not as text
 * @param metadata       never {@code null}
 */
public record Message(
        UUID id,
        StreamName streamName,
        String type,
        long position,
        long globalPosition,
        Instant time,
        String data,
        Metadata metadata) {

    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(streamName, "streamName");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        data = data == null ? "null" : data;
        metadata = metadata == null ? Metadata.EMPTY : metadata;
    }

    /** The category of this message's stream. */
    public String category() {
        return streamName.category();
    }

    /** The conversation this message belongs to, or {@code null}. */
    public String correlationId() {
        return metadata.correlationId();
    }
}
