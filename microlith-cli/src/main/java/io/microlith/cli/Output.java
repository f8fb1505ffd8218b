package io.microlith.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.microlith.message.Message;
import io.microlith.message.MetadataJson;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/**
 * What every command prints: text for people by default, or with {@code --json} one JSON document (one per line for
 * a stream of them, as {@code tail} prints) for scripts. Mixed into each command.
 */
final class Output {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON for scripts instead of text.")
    boolean json;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A line of text (nothing in JSON mode). */
    void text(String line) {
        if (!json) {
            out().println(line);
        }
    }

    /** One JSON document, indented (JSON mode only). */
    void document(JsonNode node) {
        if (json) {
            out().println(write(PRETTY, node));
        }
    }

    /** One JSON document on one line, for a stream of them (JSON mode only). */
    void line(JsonNode node) {
        if (json) {
            out().println(write(JSON, node));
            out().flush();
        }
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static ArrayNode array() {
        return JSON.createArrayNode();
    }

    /** A message as JSON: its fields, with its data and metadata as JSON values (not strings). */
    static ObjectNode message(Message message) {
        ObjectNode node = object();
        node.put("id", message.id().toString());
        node.put("stream", message.streamName().value());
        node.put("type", message.type());
        node.put("position", message.position());
        node.put("globalPosition", message.globalPosition());
        node.put("time", message.time().toString());
        node.set("data", parse(message.data()));
        String metadata = MetadataJson.write(message.metadata());
        node.set("metadata", metadata == null ? object() : parse(metadata));
        return node;
    }

    /** A message on one line for people: where it is, what it is, and its data. */
    static String line(Message message) {
        return String.format("%8d  %s  %s/%d  %s  %s", message.globalPosition(), message.time(),
                message.streamName(), message.position(), message.type(), abbreviate(message.data(), 200));
    }

    static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }

    private static String write(ObjectMapper mapper, JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always writes", e);
        }
    }
}
