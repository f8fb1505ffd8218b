package io.microlith.message;

import io.microlith.internal.Json;

import java.util.Objects;
import java.util.UUID;

/**
 * A message to write. The store assigns its position, global position and time.
 *
 * @param id       unique across the store; writing an id that exists is rejected
 * @param type     the type name, not blank
 * @param data     the body as JSON text (checked to be well-formed JSON, unless the toolkit wrote it itself:
 *                 see {@link MessageTypes#toNewMessage(UUID, String, Record, Metadata)})
 * @param metadata never {@code null}
 */
public record NewMessage(UUID id, String type, String data, Metadata metadata) {

    /**
     * The data text this thread is building a message from without checking it again, because the toolkit
     * wrote it (or checked it) itself; see {@link #withCheckedData}. Compared by identity: only that very
     * string skips the check, never equal text from elsewhere.
     */
    private static final ThreadLocal<String> CHECKED_DATA = new ThreadLocal<>();

    public NewMessage {
        Objects.requireNonNull(id, "A message needs an id");
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("A message needs a type, got " + (type == null ? "null" : "'" + type + "'"));
        }
        if (data == null) {
            throw new IllegalArgumentException("Message data is required (use \"{}\" or \"null\" for none), type " + type);
        }
        if (data != CHECKED_DATA.get()) {
            Json.requireWellFormed(data, "data of message type ", type); // joined only if the check defers
        }
        metadata = metadata == null ? Metadata.EMPTY : metadata;
    }

    /**
     * A message whose data is known to be exactly one well-formed JSON value, so it is not parsed again to
     * check (decision 0001): JSON that {@link MessageTypes} just wrote with Jackson, or the data of a message
     * that was checked already. Not for text from outside the toolkit. Package-private on purpose: users
     * build messages through the checking constructor or {@link MessageTypes}.
     */
    static NewMessage withCheckedData(UUID id, String type, String data, Metadata metadata) {
        CHECKED_DATA.set(data);
        try {
            return new NewMessage(id, type, data, metadata);
        } finally {
            CHECKED_DATA.remove();
        }
    }

    /** A message with a random id and empty metadata. */
    public static NewMessage of(String type, String data) {
        return new NewMessage(MessageIds.next(), type, data, Metadata.EMPTY);
    }

    /** A message with a random id. */
    public static NewMessage of(String type, String data, Metadata metadata) {
        return new NewMessage(MessageIds.next(), type, data, metadata);
    }

    /** A copy with other metadata; the data, checked when this message was built, is not checked again. */
    public NewMessage withMetadata(Metadata metadata) {
        return withCheckedData(id, type, data, metadata);
    }

    /** A copy with another id; the data, checked when this message was built, is not checked again. */
    public NewMessage withId(UUID id) {
        return withCheckedData(id, type, data, metadata);
    }
}
