package io.microlith.bus.internal;

import io.microlith.bus.CommandBus;
import io.microlith.bus.Routes;
import io.microlith.consumer.Consumer;
import io.microlith.message.Message;
import io.microlith.message.MessageTypes;
import io.microlith.store.MessageStore;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiFunction;

/** The command bus over a message store: one handler per command type. */
public final class StoreCommandBus extends StoreBus implements CommandBus {
    private final Set<Class<?>> handled = new HashSet<>();

    public StoreCommandBus(String consumerName, MessageStore store, MessageTypes types, Routes routes,
                           CorrelationIndex<Message> index, Duration defaultTimeout,
                           BiFunction<String, String, Consumer.Builder> consumers) {
        super(consumerName, store, types, routes, index, defaultTimeout, consumers);
    }

    @Override
    protected String describe() {
        return "command bus";
    }

    @Override
    protected void checkSubscription(Class<?> type) {
        if (!handled.add(type)) {
            throw new IllegalStateException(type.getSimpleName()
                    + " already has a handler on the command bus; a command is handled by exactly one component");
        }
    }
}
