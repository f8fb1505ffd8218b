package io.microlith.demo.admin;

import io.microlith.consumer.Consumer;
import io.microlith.consumer.ParkedMessage;
import io.microlith.message.Message;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The messages of one conversation as a causal tree: each message under the one that caused it (its causation), the
 * first ones at the root, children in global order, and for each message the consumers of this process that took it —
 * when and how long for the recently handled ones ({@link ConsumerMonitor}), else those that have read past it with a
 * handler for its type — and those that parked it.
 */
public final class CorrelationChain {

    /** One consumer's part in a message. {@code state}: {@code handled}, {@code passed} (read past it) or {@code parked}. */
    public record Handler(String consumer, String category, String state, String at, Long micros, String error) {
    }

    /** A message in the tree, with the time since the conversation's first message. */
    public record Node(MessageView message, long afterMs, List<Handler> handledBy, List<Node> children) {
    }

    /** The whole tree; {@code truncated} when the conversation has more messages than were read. */
    public record Tree(String correlationId, int messages, boolean truncated, List<Node> roots) {
    }

    private CorrelationChain() {
    }

    /** @param conversation its messages in global order */
    static Tree of(String correlationId, List<Message> conversation, boolean truncated, List<Consumer> consumers,
                   ConsumerMonitor monitor) {
        Map<UUID, List<Message>> children = new HashMap<>();
        Map<UUID, Message> byId = new LinkedHashMap<>();
        conversation.forEach(m -> byId.put(m.id(), m));
        List<Message> roots = new ArrayList<>();
        for (Message message : conversation) {
            var cause = message.metadata().causation();
            if (cause != null && cause.messageId() != null && byId.containsKey(cause.messageId())) {
                children.computeIfAbsent(cause.messageId(), k -> new ArrayList<>()).add(message);
            } else {
                roots.add(message);
            }
        }
        long start = conversation.isEmpty() ? 0 : conversation.getFirst().time().toEpochMilli();
        Map<UUID, List<Handler>> parked = parkedBy(consumers);
        List<Node> nodes = roots.stream().map(root -> node(root, start, children, consumers, monitor, parked)).toList();
        return new Tree(correlationId, conversation.size(), truncated, nodes);
    }

    private static Node node(Message message, long start, Map<UUID, List<Message>> children, List<Consumer> consumers,
                             ConsumerMonitor monitor, Map<UUID, List<Handler>> parked) {
        List<Node> below = children.getOrDefault(message.id(), List.of()).stream()
                .map(child -> node(child, start, children, consumers, monitor, parked)).toList();
        return new Node(MessageView.of(message), message.time().toEpochMilli() - start,
                handlers(message, consumers, monitor, parked), below);
    }

    private static List<Handler> handlers(Message message, List<Consumer> consumers, ConsumerMonitor monitor,
                                          Map<UUID, List<Handler>> parked) {
        List<Handler> handlers = new ArrayList<>(parked.getOrDefault(message.id(), List.of()));
        for (ConsumerMonitor.Handling handling : monitor.handlings(message.id())) {
            handlers.add(new Handler(handling.consumer(), handling.category(), "handled", handling.at().toString(),
                    handling.micros(), null));
        }
        for (Consumer consumer : consumers) {
            boolean known = handlers.stream().anyMatch(h -> h.consumer().equals(consumer.name())
                    && h.category().equals(consumer.category()));
            if (!known && consumer.category().equals(message.category()) && consumer.handles(message.type())
                    && consumer.position() >= message.globalPosition()) {
                handlers.add(new Handler(consumer.name(), consumer.category(), "passed", null, null, null));
            }
        }
        return handlers;
    }

    private static Map<UUID, List<Handler>> parkedBy(List<Consumer> consumers) {
        Map<UUID, List<Handler>> parked = new HashMap<>();
        for (Consumer consumer : consumers) {
            for (ParkedMessage p : consumer.parked()) {
                parked.computeIfAbsent(p.messageId(), k -> new ArrayList<>()).add(new Handler(consumer.name(),
                        consumer.category(), "parked", p.parkedAt().toString(), null, p.error()));
            }
        }
        return parked;
    }
}
