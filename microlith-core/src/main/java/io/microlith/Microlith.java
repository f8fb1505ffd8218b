package io.microlith;

import io.microlith.bus.CommandBus;
import io.microlith.bus.EventBus;
import io.microlith.bus.QueryBus;
import io.microlith.bus.Routes;
import io.microlith.bus.internal.CorrelationIndex;
import io.microlith.bus.internal.InProcessQueryBus;
import io.microlith.bus.internal.StoreCommandBus;
import io.microlith.bus.internal.StoreEventBus;
import io.microlith.bus.internal.StoreFollower;
import io.microlith.consumer.Consumer;
import io.microlith.message.Message;
import io.microlith.message.MessageTypes;
import io.microlith.store.MessageStore;
import io.microlith.store.memory.InMemoryMessageStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.UnaryOperator;

/**
 * One microlith: a message store with its command, event and query buses and its consumers, wired
 * explicitly.
 *
 * <pre>{@code
 * try (Microlith microlith = Microlith.create(config -> config
 *         .store(store)
 *         .route(RegisterCommand.class, "identity:command", RegisterCommand::userId)
 *         .route(UserRegistered.class, "identity", UserRegistered::userId))) {
 *     microlith.commandBus().subscribe(RegisterCommand.class, (command, message) ->
 *             microlith.eventBus().dispatch(Envelope.follows(message, new UserRegistered(command.userId()))));
 *     microlith.start();
 *     ...
 * }
 * }</pre>
 *
 * <p><b>Life cycle.</b> {@code create} wires everything and starts following the store, so that waits work
 * at once; consumers start with {@link #start()}, so subscribe before it. {@link #close()} stops the
 * consumers gracefully (each finishes its batch and saves its position), then the rest.
 */
public final class Microlith implements AutoCloseable {
    private final MessageStore store;
    private final boolean closeStore;
    private final MessageTypes types;
    private final Routes routes;
    private final MicrolithConfig config;
    private final ScheduledExecutorService timer;
    private final StoreFollower follower;
    private final StoreCommandBus commandBus;
    private final StoreEventBus eventBus;
    private final InProcessQueryBus queryBus;
    private final List<Consumer> consumers = new ArrayList<>();
    private boolean started;
    private boolean closed;

    private Microlith(MicrolithConfig config) {
        this.config = config;
        this.store = config.store == null ? new InMemoryMessageStore() : config.store;
        this.closeStore = config.store == null || config.closeStore;
        this.types = config.types;
        this.routes = config.routes;
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("microlith-timeouts").factory());
        scheduler.setRemoveOnCancelPolicy(true);
        this.timer = Executors.unconfigurableScheduledExecutorService(scheduler);
        CorrelationIndex<Message> index = new CorrelationIndex<>(Message::type, timer, config.correlationRetention,
                config.maxCorrelations);
        this.follower = new StoreFollower(store, config.followerPollInterval);
        follower.listen(message -> {
            if (message.correlationId() != null) {
                index.publish(message.correlationId(), message);
            }
        });
        this.commandBus = new StoreCommandBus(config.name + ".commands", store, types, routes, index,
                config.defaultTimeout, this::consumerBuilder);
        this.eventBus = new StoreEventBus(config.name + ".events", store, types, routes, index,
                config.defaultTimeout, this::consumerBuilder);
        this.queryBus = new InProcessQueryBus(types, config.defaultTimeout, timer, config.correlationRetention,
                config.maxCorrelations);
        follower.start();
    }

    /** A Microlith configured by {@code configure}. */
    public static Microlith create(java.util.function.Consumer<MicrolithConfig> configure) {
        MicrolithConfig config = new MicrolithConfig();
        configure.accept(config);
        return new Microlith(config);
    }

    /** A Microlith on a new in-memory store, with defaults. */
    public static Microlith create() {
        return create(config -> {
        });
    }

    public CommandBus commandBus() {
        return commandBus;
    }

    public EventBus eventBus() {
        return eventBus;
    }

    public QueryBus queryBus() {
        return queryBus;
    }

    public MessageStore store() {
        return store;
    }

    public MessageTypes types() {
        return types;
    }

    public Routes routes() {
        return routes;
    }

    /**
     * A builder for a consumer with this Microlith's store, types and consumer defaults; hand the result to
     * {@link #register(Consumer)} to have it started and stopped with the Microlith.
     */
    public Consumer.Builder consumerBuilder(String category, String name) {
        return config.consumers.applyTo(Consumer.builder(store, category, name)).types(types);
    }

    /**
     * Builds a consumer of {@code category} named {@code name}, configured by {@code configure} (its handlers),
     * and registers it: it starts with {@link #start()} (at once when already started) and stops on close.
     */
    public Consumer consumer(String category, String name, UnaryOperator<Consumer.Builder> configure) {
        return register(configure.apply(consumerBuilder(category, name)).build());
    }

    /** Has the Microlith start (at once, when already started) and stop the consumer. */
    public synchronized Consumer register(Consumer consumer) {
        Objects.requireNonNull(consumer, "consumer");
        ensureOpen();
        consumers.add(consumer);
        if (started) {
            consumer.start();
        }
        return consumer;
    }

    /** Every consumer: the buses' (one per subscribed category) and the registered ones. */
    public synchronized List<Consumer> consumers() {
        List<Consumer> all = new ArrayList<>(commandBus.consumers());
        all.addAll(eventBus.consumers());
        all.addAll(consumers);
        return all;
    }

    /**
     * Calls {@code listener} with every message committed from now on, in global order, on the follower
     * thread (keep it quick: hand work off). For live views such as server-sent events.
     *
     * @return closes the tap
     */
    public AutoCloseable follow(java.util.function.Consumer<Message> listener) {
        Runnable remove = follower.listen(Objects.requireNonNull(listener, "listener"));
        return remove::run;
    }

    /** Starts the buses' consumers and the registered consumers. Starting twice does nothing. */
    public synchronized Microlith start() {
        ensureOpen();
        if (!started) {
            started = true;
            commandBus.start();
            eventBus.start();
            consumers.forEach(Consumer::start);
        }
        return this;
    }

    /** Stops the consumers gracefully, then the follower, then the store when the Microlith owns it. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        commandBus.stop();
        eventBus.stop();
        List<Consumer> registered;
        synchronized (this) {
            registered = new ArrayList<>(consumers);
        }
        registered.forEach(Consumer::stop);
        follower.close();
        timer.shutdownNow();
        if (closeStore) {
            store.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("This Microlith is closed");
        }
    }
}
