package io.microlith.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.microlith.message.Causation;
import io.microlith.message.Message;
import io.microlith.store.MessageStore;
import io.microlith.store.StoreBrowser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/** {@code correlation STORE ID}: one conversation as a causal tree. */
@Command(name = "correlation", mixinStandardHelpOptions = true,
        description = {"Print every message of one conversation (sharing a correlation id, e.g. an HTTP response's"
                + " X-Correlation-Id) as a tree: each message under the message that caused it, with the time since the first."})
final class CorrelationCommand implements Callable<Integer> {
    @Mixin
    Output output;

    @Parameters(index = "0", paramLabel = "STORE", description = "The store.")
    String store;

    @Parameters(index = "1", paramLabel = "ID", description = "The correlation id.")
    String correlationId;

    @Override
    public Integer call() {
        try (MessageStore opened = Stores.existing(store)) {
            List<Message> messages = Stores.browser(opened, store).correlated(correlationId, StoreBrowser.MAX_LIMIT);
            if (messages.isEmpty()) {
                throw CommandFailure.failed("No message of " + store + " carries the correlation id " + correlationId);
            }
            Map<UUID, Message> byId = new LinkedHashMap<>();
            messages.forEach(m -> byId.put(m.id(), m));
            Map<UUID, List<Message>> children = new HashMap<>();
            List<Message> roots = new ArrayList<>();
            for (Message message : messages) {
                UUID cause = causeOf(message);
                if (cause != null && byId.containsKey(cause)) {
                    children.computeIfAbsent(cause, id -> new ArrayList<>()).add(message);
                } else {
                    roots.add(message);
                }
            }
            ArrayNode json = Output.array();
            for (Message root : roots) {
                print(root, 0, children, messages.getFirst(), json);
            }
            output.document(json);
            if (messages.size() == StoreBrowser.MAX_LIMIT) {
                output.err().println("(only the first " + StoreBrowser.MAX_LIMIT + " messages of the conversation)");
            }
            return Main.OK;
        }
    }

    private void print(Message message, int depth, Map<UUID, List<Message>> children, Message first, ArrayNode json) {
        Duration since = Duration.between(first.time(), message.time());
        UUID cause = causeOf(message);
        json.add(Output.message(message).put("depth", depth).put("causedBy", cause == null ? null : cause.toString())
                .put("sinceFirstMs", since.toMillis()));
        output.text("  ".repeat(depth) + (depth == 0 ? "" : "└ ") + message.type() + "  " + message.streamName() + "/"
                + message.position() + "  #" + message.globalPosition() + "  +" + since.toMillis() + " ms  " + message.id());
        for (Message child : children.getOrDefault(message.id(), List.of())) {
            print(child, depth + 1, children, first, json);
        }
    }

    private static UUID causeOf(Message message) {
        Causation causation = message.metadata().causation();
        return causation == null ? null : causation.messageId();
    }
}
