package io.microlith.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.microlith.internal.Json;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored message, whole, to and from one JSON document, for transports that carry stored messages to other
 * processes (a broker relay): id, stream name, type, position, global position, time, data and metadata, so that
 * the receiver holds the same {@link Message} as a reader of the store. Reads go through the toolkit's bounded JSON
 * parser ({@link MessageLimits}).
 */
public final class MessageJson {

    private MessageJson() {
    }

    /**
     * {@code {"id":…,"streamName":…,"type":…,"position":…,"globalPosition":…,"time":…,"data":"{…}","metadata":{…}}}:
     * the data is a string holding the stored JSON text unchanged (numbers keep their scale, {@code 2.50} stays
     * {@code 2.50}).
     */
    public static String write(Message message) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", message.id().toString());
        node.put("streamName", message.streamName().value());
        node.put("type", message.type());
        node.put("position", message.position());
        node.put("globalPosition", message.globalPosition());
        node.put("time", message.time().toString());
        // the data as stored, character for character: as a JSON tree it would come back with 2.50 read as 2.5
        node.put("data", message.data());
        String metadata = MetadataJson.write(message.metadata());
        node.set("metadata", metadata == null ? Json.MAPPER.nullNode() : Json.tree(metadata));
        return node.toString();
    }

    /**
     * @throws IllegalArgumentException when the text is not a message written by {@link #write(Message)}, naming the
     *                                  field that is missing or wrong
     */
    public static Message read(String json) {
        JsonNode node = Json.tree(json);
        if (!node.isObject()) {
            throw new IllegalArgumentException("Expected a message as a JSON object but was " + node.getNodeType());
        }
        try {
            JsonNode metadata = node.path("metadata");
            return new Message(UUID.fromString(text(node, "id")), StreamName.of(text(node, "streamName")),
                    text(node, "type"), number(node, "position"), number(node, "globalPosition"),
                    Instant.parse(text(node, "time")), data(node),
                    metadata.isObject() ? MetadataJson.read(metadata.toString()) : Metadata.EMPTY);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Not a message: " + e.getMessage(), e);
        }
    }

    /** The stored text; an object (as written before the data travelled as a string) is read as its JSON. */
    private static String data(JsonNode node) {
        JsonNode data = node.path("data");
        return data.isTextual() ? data.asText() : data.toString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("expected text in field '" + field + "' but was " + value);
        }
        return value.asText();
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("expected a whole number in field '" + field + "' but was " + value);
        }
        return value.asLong();
    }
}
