package io.microlith.bus.internal;

import io.microlith.bus.EventBus;
import io.microlith.bus.Routes;
import io.microlith.consumer.Consumer;
import io.microlith.message.Message;
import io.microlith.message.MessageTypes;
import io.microlith.store.MessageStore;

import java.time.Duration;
import java.util.function.BiFunction;

/** The event bus over a message store: any number of handlers per event type. */
public final class StoreEventBus extends StoreBus implements EventBus {

    public StoreEventBus(String consumerName, MessageStore store, MessageTypes types, Routes routes,
                         CorrelationIndex<Message> index, Duration defaultTimeout,
                         BiFunction<String, String, Consumer.Builder> consumers) {
        super(consumerName, store, types, routes, index, defaultTimeout, consumers);
    }

    @Override
    protected String describe() {
        return "event bus";
    }
}
