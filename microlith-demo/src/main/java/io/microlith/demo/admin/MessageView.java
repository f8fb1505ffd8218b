package io.microlith.demo.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.microlith.message.Causation;
import io.microlith.message.Message;
import io.microlith.message.MetadataJson;

/**
 * A stored message as the portal shows it: its place, its time, and its data and metadata as JSON (not as text in a
 * string). Data that is not JSON (another client's) is shown as text.
 */
public record MessageView(String id, String stream, String category, String type, long position, long globalPosition,
                          String time, String correlationId, String causationId, JsonNode data, JsonNode metadata) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static MessageView of(Message message) {
        Causation cause = message.metadata().causation();
        return new MessageView(message.id().toString(), message.streamName().value(), message.category(), message.type(),
                message.position(), message.globalPosition(), message.time().toString(), message.correlationId(),
                cause == null ? null : String.valueOf(cause.messageId()), json(message.data()),
                json(MetadataJson.write(message.metadata())));
    }

    private static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (Exception notJson) {
            return TextNode.valueOf(text);
        }
    }
}
