package io.microlith.message;

import io.microlith.internal.Json;

import java.util.Objects;
import java.util.UUID;

/**
 * A message to write. The store assigns its position, global position and time.
 *
 * @param id       unique across the store; writing an id that exists is rejected
 * @param type     the type name, not blank
 * @param data     the body as JSON text (checked to be well-formed JSON)
 * @param metadata never {@code null}
 */
public record NewMessage(UUID id, String type, String data, Metadata metadata) {

    public NewMessage {
        Objects.requireNonNull(id, "A message needs an id");
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("A message needs a type, got " + (type == null ? "null" : "'" + type + "'"));
        }
        if (data == null) {
            throw new IllegalArgumentException("Message data is required (use \"{}\" or \"null\" for none), type " + type);
        }
        Json.requireWellFormed(data, "data of message type " + type);
        metadata = metadata == null ? Metadata.EMPTY : metadata;
    }

    /** A message with a random id and empty metadata. */
    public static NewMessage of(String type, String data) {
        return new NewMessage(MessageIds.next(), type, data, Metadata.EMPTY);
    }

    /** A message with a random id. */
    public static NewMessage of(String type, String data, Metadata metadata) {
        return new NewMessage(MessageIds.next(), type, data, metadata);
    }

    public NewMessage withMetadata(Metadata metadata) {
        return new NewMessage(id, type, data, metadata);
    }

    public NewMessage withId(UUID id) {
        return new NewMessage(id, type, data, metadata);
    }
}
