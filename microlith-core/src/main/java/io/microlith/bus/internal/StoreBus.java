package io.microlith.bus.internal;

import io.microlith.bus.Dispatched;
import io.microlith.bus.DurableBus;
import io.microlith.bus.Envelope;
import io.microlith.bus.Routes;
import io.microlith.consumer.Consumer;
import io.microlith.consumer.Handler;
import io.microlith.consumer.MessageHandler;
import io.microlith.internal.runtime.Decoder;
import io.microlith.internal.runtime.HandlingScope;
import io.microlith.internal.runtime.TypeNames;
import io.microlith.message.Message;
import io.microlith.message.MessageTypes;
import io.microlith.message.Metadata;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.MessageStore;
import io.microlith.store.WriteResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * A durable bus over a message store: dispatch writes, subscriptions become one consumer per category,
 * waits are answered from the shared {@link CorrelationIndex} fed by the {@link StoreFollower}.
 */
public abstract class StoreBus implements DurableBus {
    private final String name;
    private final MessageStore store;
    private final MessageTypes types;
    private final Routes routes;
    private final CorrelationIndex<Message> index;
    private final Duration defaultTimeout;
    private final BiFunction<String, String, Consumer.Builder> consumers;
    private final Map<String, List<UnaryOperator<Consumer.Builder>>> subscriptions = new LinkedHashMap<>();
    private final Map<String, Consumer> running = new HashMap<>();
    private boolean started;

    /**
     * @param name      the bus's name, also its consumers' name ({@code <category>:position-<name>})
     * @param consumers makes a consumer builder for (category, consumer name) with the configured defaults
     */
    protected StoreBus(String name, MessageStore store, MessageTypes types, Routes routes,
                       CorrelationIndex<Message> index, Duration defaultTimeout,
                       BiFunction<String, String, Consumer.Builder> consumers) {
        this.name = name;
        this.store = store;
        this.types = types;
        this.routes = routes;
        this.index = index;
        this.defaultTimeout = defaultTimeout;
        this.consumers = consumers;
    }

    /** A description for messages, e.g. {@code command bus}. */
    protected abstract String describe();

    /** Called before a subscription to {@code type} is added; may refuse it. */
    protected void checkSubscription(Class<?> type) {
    }

    @Override
    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    @Override
    public Dispatched dispatch(StreamName streamName, Envelope<?> envelope, ExpectedVersion expected) {
        Objects.requireNonNull(streamName, "streamName");
        Objects.requireNonNull(envelope, "envelope");
        envelope = followingHandled(envelope);
        NewMessage message = envelope.toNewMessage(types);
        WriteResult result = store.write(streamName, message, expected);
        return new Dispatched(envelope.id(), streamName, result.version(), result.lastGlobalPosition(),
                envelope.correlationId());
    }

    @Override
    public Dispatched dispatch(Envelope<?> envelope) {
        Objects.requireNonNull(envelope, "envelope");
        return dispatch(streamOf(envelope), envelope);
    }

    /** The stream {@code envelope}'s route names. */
    protected StreamName streamOf(Envelope<?> envelope) {
        return routes.require(envelope.body().getClass()).streamFor(envelope);
    }

    /** {@code envelope}, following the message being handled on this thread when it has no metadata of its own. */
    protected Envelope<?> followingHandled(Envelope<?> envelope) {
        Message handling = HandlingScope.current();
        // dispatched by a handler without metadata of its own: it follows the message being handled
        return handling != null && envelope.metadata().isEmpty()
                ? envelope.withMetadata(Metadata.following(handling)) : envelope;
    }

    protected MessageTypes types() {
        return types;
    }

    @Override
    public <T extends Record> void subscribe(Class<T> type, Handler<? super T> handler) {
        subscribe(routes.require(type).category(), type, handler);
    }

    @Override
    public <T extends Record> void subscribe(Class<T> type, MessageHandler<? super T> handler) {
        subscribe(routes.require(type).category(), type, handler);
    }

    @Override
    public <T extends Record> void subscribe(String category, Class<T> type, Handler<? super T> handler) {
        Objects.requireNonNull(handler, "handler");
        add(category, type, builder -> builder.handle(type, handler));
    }

    @Override
    public <T extends Record> void subscribe(String category, Class<T> type, MessageHandler<? super T> handler) {
        Objects.requireNonNull(handler, "handler");
        add(category, type, builder -> builder.handle(type, handler));
    }

    private synchronized void add(String category, Class<?> type, UnaryOperator<Consumer.Builder> subscription) {
        StreamName.requireCategory(category);
        TypeNames.of(types, type);
        if (running.containsKey(category)) {
            throw new IllegalStateException("The " + describe() + "'s consumer of " + category
                    + " is already running; subscribe to it before Microlith.start()");
        }
        checkSubscription(type);
        subscriptions.computeIfAbsent(category, k -> new ArrayList<>()).add(subscription);
        if (started) {
            startConsumer(category);
        }
    }

    /** Starts one consumer per subscribed category. */
    public synchronized void start() {
        started = true;
        for (String category : subscriptions.keySet()) {
            if (!running.containsKey(category)) {
                startConsumer(category);
            }
        }
    }

    private void startConsumer(String category) {
        Consumer.Builder builder = consumers.apply(category, name).types(types);
        for (UnaryOperator<Consumer.Builder> subscription : subscriptions.get(category)) {
            builder = subscription.apply(builder);
        }
        running.put(category, builder.build().start());
    }

    /** Stops every consumer gracefully. */
    public void stop() {
        List<Consumer> toStop;
        synchronized (this) {
            toStop = new ArrayList<>(running.values());
        }
        toStop.forEach(Consumer::stop);
    }

    /** The consumers this bus runs, one per subscribed category. */
    public synchronized List<Consumer> consumers() {
        return List.copyOf(running.values());
    }

    @Override
    public CompletableFuture<Record> waitForAsync(String correlationId, Collection<? extends Class<? extends Record>> classes,
                                                  Duration timeout) {
        Map<String, Class<? extends Record>> byName = byName(classes);
        return index.await(correlationId, List.copyOf(byName.keySet()), timeout)
                .thenApply(message -> Decoder.decode(types, message, byName.get(message.type())));
    }

    @Override
    public Record waitFor(String correlationId, Collection<? extends Class<? extends Record>> classes, Duration timeout) {
        Map<String, Class<? extends Record>> byName = byName(classes);
        Message message = index.awaitBlocking(correlationId, List.copyOf(byName.keySet()), timeout);
        return Decoder.decode(types, message, byName.get(message.type()));
    }

    @Override
    public CompletableFuture<Message> waitForMessageAsync(String correlationId, Collection<String> typeNames,
                                                          Duration timeout) {
        return index.await(correlationId, List.copyOf(typeNames), timeout);
    }

    @Override
    public Message waitForMessage(String correlationId, Collection<String> typeNames, Duration timeout) {
        return index.awaitBlocking(correlationId, List.copyOf(typeNames), timeout);
    }

    private Map<String, Class<? extends Record>> byName(Collection<? extends Class<? extends Record>> classes) {
        if (classes.size() == 1) {
            Class<? extends Record> type = classes.iterator().next();
            return Map.of(TypeNames.of(types, type), type);
        }
        Map<String, Class<? extends Record>> byName = new LinkedHashMap<>();
        for (Class<? extends Record> type : classes) {
            byName.put(TypeNames.of(types, type), type);
        }
        return byName;
    }
}
