package io.microlith.consumer;

import io.microlith.internal.runtime.Decoder;
import io.microlith.internal.runtime.HandlingScope;
import io.microlith.internal.runtime.TypeNames;
import io.microlith.message.Message;
import io.microlith.message.MessageTypes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Routes a message to the handlers of its type, or to the catch-all. Immutable once built. */
final class Dispatcher {
    private final Map<String, List<MessageHandler<Message>>> byType;
    private final MessageHandler<Message> catchAll;
    private final MessageTypes types;

    private Dispatcher(Map<String, List<MessageHandler<Message>>> byType, MessageHandler<Message> catchAll,
                       MessageTypes types) {
        this.byType = byType;
        this.catchAll = catchAll;
        this.types = types;
    }

    /** The handlers of a stored type name, or of the name it was renamed to (decision 0085). */
    private List<MessageHandler<Message>> handlersOf(String type) {
        List<MessageHandler<Message>> handlers = byType.get(type);
        return handlers != null ? handlers : byType.get(types.currentName(type));
    }

    /** Whether any handler (typed or catch-all) would receive a message of this type. */
    boolean handles(String type) {
        return catchAll != null || handlersOf(type) != null;
    }

    /**
     * Calls every handler of the message's type in registration order, or the catch-all when there is none, with
     * the message as the one being handled ({@link HandlingScope}): what the handlers dispatch follows it.
     */
    void dispatch(Message message) throws Exception {
        HandlingScope.run(message, () -> callHandlers(message));
    }

    private void callHandlers(Message message) throws Exception {
        List<MessageHandler<Message>> handlers = handlersOf(message.type());
        if (handlers != null) {
            for (MessageHandler<Message> handler : handlers) {
                handler.handle(message, message);
            }
        } else if (catchAll != null) {
            catchAll.handle(message, message);
        }
    }

    /** Collects handlers; one type may have several, called in the order they were added. */
    static final class Builder {
        private final MessageTypes types;
        private final Map<String, List<MessageHandler<Message>>> byType = new HashMap<>();
        private MessageHandler<Message> catchAll;

        Builder(MessageTypes types) {
            this.types = types;
        }

        <T extends Record> void handle(Class<T> type, MessageHandler<? super T> handler) {
            String name = TypeNames.of(types, type);
            add(name, (ignored, message) -> handler.handle(Decoder.decode(types, message, type), message));
        }

        void handle(String typeName, MessageHandler<Message> handler) {
            add(typeName, handler);
        }

        void handleAny(MessageHandler<Message> handler) {
            if (catchAll != null) {
                throw new IllegalStateException("A consumer has at most one catch-all handler");
            }
            catchAll = handler;
        }

        boolean isEmpty() {
            return byType.isEmpty() && catchAll == null;
        }

        private void add(String typeName, MessageHandler<Message> handler) {
            byType.computeIfAbsent(typeName, k -> new ArrayList<>(1)).add(handler);
        }

        Dispatcher build() {
            Map<String, List<MessageHandler<Message>>> copy = new HashMap<>();
            byType.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            return new Dispatcher(copy, catchAll, types);
        }
    }
}
