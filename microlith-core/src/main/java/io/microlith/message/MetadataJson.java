package io.microlith.message;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.microlith.internal.Json;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Metadata to and from its stored JSON form (Eventide's key names, user keys at the top level), for
 * stores and transports. {@link #write(Metadata)} gives {@code null} for empty metadata, so that stores
 * keep message-db's NULL metadata column. Hand-written on Jackson's streaming API because every read and
 * write of every message goes through it.
 */
public final class MetadataJson {

    private MetadataJson() {
    }

    /** {@code null} for empty metadata, so that stores keep message-db's NULL metadata column. */
    public static String write(Metadata metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return null;
        }
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = Json.factory().createGenerator(out)) {
            g.setCodec(Json.MAPPER);
            g.writeStartObject();
            if (metadata.correlationId() != null) {
                g.writeStringField("correlationId", metadata.correlationId());
            }
            Causation causation = metadata.causation();
            if (causation != null) {
                if (causation.messageId() != null) {
                    g.writeStringField("causationMessageId", causation.messageId().toString());
                }
                g.writeStringField("causationMessageStreamName", causation.streamName().value());
                g.writeNumberField("causationMessagePosition", causation.position());
                g.writeNumberField("causationMessageGlobalPosition", causation.globalPosition());
            }
            if (metadata.correlationStreamName() != null) {
                g.writeStringField("correlationStreamName", metadata.correlationStreamName().value());
            }
            if (metadata.replyStreamName() != null) {
                g.writeStringField("replyStreamName", metadata.replyStreamName().value());
            }
            if (metadata.schemaVersion() != null) {
                g.writeStringField("schemaVersion", metadata.schemaVersion());
            }
            for (Map.Entry<String, Object> property : metadata.properties().entrySet()) {
                g.writeFieldName(property.getKey());
                g.writeObject(property.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Reads stored metadata; {@code null} or {@code "null"} give {@link Metadata#EMPTY}. */
    public static Metadata read(String json) {
        if (json == null || json.isEmpty() || json.equals("null") || json.equals("{}")) {
            return Metadata.EMPTY;
        }
        Json.requireReadableLength(json, "Metadata");
        String correlationId = null;
        UUID causationId = null;
        String causationStream = null;
        long causationPosition = -1;
        long causationGlobalPosition = -1;
        String correlationStream = null;
        String replyStream = null;
        String schemaVersion = null;
        Map<String, Object> properties = null;
        try (JsonParser p = Json.factory().createParser(json)) {
            p.setCodec(Json.MAPPER);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("Metadata must be a JSON object: " + abbreviate(json));
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                switch (key) {
                    case "correlationId" -> correlationId = text(p, value);
                    case "causationMessageId" -> {
                        String id = text(p, value);
                        causationId = id == null ? null : UUID.fromString(id);
                    }
                    case "causationMessageStreamName" -> causationStream = text(p, value);
                    case "causationMessagePosition" -> causationPosition = p.getValueAsLong(-1);
                    case "causationMessageGlobalPosition" -> causationGlobalPosition = p.getValueAsLong(-1);
                    case "correlationStreamName" -> correlationStream = text(p, value);
                    case "replyStreamName" -> replyStream = text(p, value);
                    case "schemaVersion" -> schemaVersion = text(p, value);
                    default -> {
                        if (properties == null) {
                            properties = new LinkedHashMap<>();
                        }
                        properties.put(key, p.readValueAs(Object.class));
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("Metadata is not valid JSON: " + abbreviate(json), e);
        }
        Causation causation = causationStream == null ? null
                : new Causation(causationId, StreamName.of(causationStream), causationPosition, causationGlobalPosition);
        return new Metadata(correlationId, causation,
                correlationStream == null ? null : StreamName.of(correlationStream),
                replyStream == null ? null : StreamName.of(replyStream),
                schemaVersion, properties);
    }

    private static String text(JsonParser p, JsonToken token) throws IOException {
        return token == JsonToken.VALUE_NULL ? null : p.getValueAsString();
    }

    private static String abbreviate(String json) {
        return json.length() <= 80 ? json : json.substring(0, 80) + "…";
    }
}
