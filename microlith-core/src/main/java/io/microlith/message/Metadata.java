package io.microlith.message;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What travels with a message besides its data.
 *
 * <p>Stored as a JSON object using Eventide's key names where Eventide has one
 * ({@code correlationStreamName}, {@code causationMessageStreamName}, {@code causationMessagePosition},
 * {@code causationMessageGlobalPosition}, {@code replyStreamName}, {@code schemaVersion}) plus
 * {@code correlationId} and {@code causationMessageId}. User-defined keys sit beside them at the top
 * level of the same object; their values are JSON values (String, Number, Boolean, List, Map or null).
 *
 * @param correlationId         the conversation this message belongs to, or {@code null}
 * @param causation             the message that caused this one, or {@code null}
 * @param correlationStreamName a stream whose category consumers may filter on (message-db's correlation), or {@code null}
 * @param replyStreamName       where a handler should write its reply, or {@code null}
 * @param schemaVersion         the version of the data's schema, or {@code null}
 * @param properties            user-defined keys, never {@code null}; must not reuse a reserved key
 */
public record Metadata(
        String correlationId,
        Causation causation,
        StreamName correlationStreamName,
        StreamName replyStreamName,
        String schemaVersion,
        Map<String, Object> properties) {

    /** Metadata with nothing in it. */
    public static final Metadata EMPTY = new Metadata(null, null, null, null, null, Map.of());

    /** The JSON keys the toolkit owns; user properties may not use them. */
    public static final java.util.Set<String> RESERVED_KEYS = java.util.Set.of(
            "correlationId", "causationMessageId", "causationMessageStreamName", "causationMessagePosition",
            "causationMessageGlobalPosition", "correlationStreamName", "replyStreamName", "schemaVersion");

    public Metadata {
        properties = properties == null || properties.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        for (String key : properties.keySet()) {
            Objects.requireNonNull(key, "property key");
            if (RESERVED_KEYS.contains(key)) {
                throw new IllegalArgumentException("Metadata property '" + key
                        + "' is reserved; use the record component of that name instead");
            }
        }
    }

    /** Fresh metadata that starts a conversation with a new random correlation id. */
    public static Metadata correlated() {
        return EMPTY.withCorrelationId(MessageIds.next().toString());
    }

    /**
     * Metadata for a message that follows {@code cause}: it copies the cause's correlation id,
     * correlation stream and reply stream, and records the cause as causation.
     */
    public static Metadata following(Message cause) {
        Metadata of = cause.metadata();
        return new Metadata(of.correlationId, Causation.of(cause), of.correlationStreamName, of.replyStreamName,
                null, Map.of());
    }

    public boolean isEmpty() {
        return this.equals(EMPTY);
    }

    public Metadata withCorrelationId(String correlationId) {
        return new Metadata(correlationId, causation, correlationStreamName, replyStreamName, schemaVersion, properties);
    }

    public Metadata withCausation(Causation causation) {
        return new Metadata(correlationId, causation, correlationStreamName, replyStreamName, schemaVersion, properties);
    }

    public Metadata withCorrelationStreamName(StreamName name) {
        return new Metadata(correlationId, causation, name, replyStreamName, schemaVersion, properties);
    }

    public Metadata withReplyStreamName(StreamName name) {
        return new Metadata(correlationId, causation, correlationStreamName, name, schemaVersion, properties);
    }

    public Metadata withSchemaVersion(String schemaVersion) {
        return new Metadata(correlationId, causation, correlationStreamName, replyStreamName, schemaVersion, properties);
    }

    /** A copy with one more user-defined key (a JSON value). */
    public Metadata withProperty(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(properties);
        copy.put(key, value);
        return new Metadata(correlationId, causation, correlationStreamName, replyStreamName, schemaVersion, copy);
    }
}
