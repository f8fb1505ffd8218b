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
import io.microlith.component.Component;
import io.microlith.component.ComponentBuilder;
import io.microlith.component.Decider;
import io.microlith.component.Reactions;
import io.microlith.consumer.Consumer;
import io.microlith.consumer.ConsumerListener;
import io.microlith.consumer.ConsumerListeners;
import io.microlith.entity.EntityStore;
import io.microlith.entity.Projection;
import io.microlith.internal.runtime.TypeNames;
import io.microlith.message.Message;
import io.microlith.message.MessageTypes;
import io.microlith.store.CommitNotifications;
import io.microlith.store.MessageStore;
import io.microlith.store.memory.InMemoryMessageStore;

import java.time.Duration;
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
    private final CommitNotifications.Registration indexFeed;
    private final CorrelationIndex<Message> index;
    private final StoreCommandBus commandBus;
    private final StoreEventBus eventBus;
    private final InProcessQueryBus queryBus;
    private final List<Consumer> consumers = new ArrayList<>();
    private final List<Managed> managed = new ArrayList<>();
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
        this.index = index;
        this.follower = new StoreFollower(store, config.followerPollInterval);
        // the correlation index sees every committed message: straight from the committing thread when the
        // store hands its commits over (no thread hop on a round trip), else through the follower's reads
        this.indexFeed = store.onCommittedMessages(messages -> {
            for (Message message : messages) {
                if (message.correlationId() != null) {
                    index.publish(message.correlationId(), message);
                }
            }
        }).orElseGet(() -> {
            Runnable stop = follower.listen(message -> {
                if (message.correlationId() != null) {
                    index.publish(message.correlationId(), message);
                }
            });
            return stop::run;
        });
        // under a broker the consumer's process decides: commands are not handled inline (decision 0074)
        this.commandBus = new StoreCommandBus(config.name + ".commands", store, types, routes, index,
                config.defaultTimeout, this::consumerBuilder, config.transport == null);
        this.eventBus = new StoreEventBus(config.name + ".events", store, types, routes, index,
                config.defaultTimeout, this::consumerBuilder);
        this.queryBus = new InProcessQueryBus(types, config.defaultTimeout, timer, config.correlationRetention,
                config.maxCorrelations);
        // routed records get their type names now, so that a reader decodes them before anyone dispatched one
        for (Routes.Route<?> route : routes.all()) {
            TypeNames.of(types, route.type());
        }
    }

    /** A Microlith configured by {@code configure}. */
    public static Microlith create(java.util.function.Consumer<MicrolithConfig> configure) {
        MicrolithConfig config = new MicrolithConfig();
        configure.accept(config);
        Microlith microlith = new Microlith(config);
        try {
            for (Feature feature : config.features) {
                feature.wire(microlith);
            }
        } catch (RuntimeException | Error e) {
            microlith.close();
            throw e;
        }
        return microlith;
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

    /**
     * This process's name for its bus consumers ({@link MicrolithConfig#name}): the command bus's consumers are named
     * {@code <name>.commands}, the event bus's {@code <name>.events}, e.g. to measure their lag from another process.
     */
    public String name() {
        return config.name;
    }

    public MessageTypes types() {
        return types;
    }

    public Routes routes() {
        return routes;
    }

    /**
     * Starts wiring a component that runs {@code decider} on this Microlith's store, types and routes; its
     * {@link ComponentBuilder#subscribe()} subscribes it to its commands on the command bus.
     *
     * <pre>{@code
     * microlith.component(Decider.of(Product.NONE, Products::decide, Products::evolve))
     *         .commands(CatalogCommand.class, CatalogCommand::productId)
     *         .entities(ProductEvent.class)
     *         .subscribe();
     * }</pre>
     */
    public <C, S, E> ComponentBuilder<C, S, E> component(Decider<C, S, E> decider) {
        return Component.builder(store, types, routes, commandBus, decider);
    }

    /**
     * When an event of {@code type} (a record or a sealed family) is stored, dispatches the command {@code reaction}
     * returns ({@code null}: none), once per event however often it is delivered (see {@link Reactions}). Subscribe
     * before {@link #start()}.
     *
     * <pre>{@code
     * microlith.react(UserRegistered.class, registered -> new SendEmail(...));
     * }</pre>
     */
    public <E> void react(Class<E> type, java.util.function.Function<? super E, ?> reaction) {
        Reactions.subscribe(eventBus, commandBus, types, type, reaction);
    }

    /**
     * Starts an entity store of the entities in {@code category}, folded by {@code projection}, on this Microlith's
     * store: for reads of entities outside a component (a query handler, another decider's lookup).
     */
    public <S> EntityStore.Builder<S> entities(String category, Projection<S> projection) {
        return EntityStore.builder(store, category, projection).types(types);
    }

    /**
     * A builder for a consumer with this Microlith's store, types and consumer settings (the defaults with the
     * category's changes, {@link MicrolithConfig#consumers(String, java.util.function.Consumer)}); hand the result to
     * {@link #register(Consumer)} to have it started and stopped with the Microlith.
     */
    public Consumer.Builder consumerBuilder(String category, String name) {
        Consumer.Builder builder = config.consumersOf(category).applyTo(Consumer.builder(store, category, name)).types(types)
                .transport(config.transport);
        for (ConsumerListeners listeners : config.consumerListeners) {
            ConsumerListener listener = listeners.listenerFor(category, name);
            if (listener != null) {
                builder.addListener(listener);
            }
        }
        return builder;
    }

    /**
     * How many waits for a correlated message or a query's answer ({@code waitFor}, {@code request}) have ended with a
     * {@link io.microlith.bus.WaitTimeoutException} since this Microlith was created: for metrics.
     */
    public long waitsTimedOut() {
        return index.timedOutWaits() + queryBus.timedOutWaits();
    }

    /**
     * Builds a consumer of {@code category} named {@code name}, configured by {@code configure} (its handlers),
     * and registers it: it starts with {@link #start()} (at once when already started) and stops on close.
     */
    public Consumer consumer(String category, String name, UnaryOperator<Consumer.Builder> configure) {
        return register(configure.apply(consumerBuilder(category, name)).build());
    }

    /**
     * Has the Microlith start (at once, when already started) and stop the consumer.
     *
     * @throws IllegalArgumentException when a consumer of the same category, name and group is registered:
     *                                  the two would share one position
     */
    public synchronized Consumer register(Consumer consumer) {
        Objects.requireNonNull(consumer, "consumer");
        ensureOpen();
        for (Consumer other : consumers()) {
            if (other.category().equals(consumer.category()) && other.name().equals(consumer.name())
                    && Objects.equals(other.status().group(), consumer.status().group())) {
                throw new IllegalArgumentException("A consumer named " + consumer.name() + " of " + consumer.category()
                        + " is already registered; two would share one position stream");
            }
        }
        consumers.add(consumer);
        if (started) {
            consumer.start();
        }
        return consumer;
    }

    /**
     * Has the Microlith start (at once, when already started) and stop {@code part}, and count its consumers
     * in {@link #consumers()} and {@link #awaitIdle}: how adapters such as {@code microlith-jdbc}'s aggregators
     * join the Microlith.
     */
    public synchronized <T extends Managed> T register(T part) {
        Objects.requireNonNull(part, "part");
        ensureOpen();
        managed.add(part);
        if (started) {
            part.start();
        }
        return part;
    }

    /** The registered {@link Managed} parts of {@code type}, in registration order, e.g. the aggregators to rebuild one. */
    public synchronized <T extends Managed> List<T> registered(Class<T> type) {
        return managed.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Every running consumer: the buses' (one per subscribed category), the registered ones, the managed parts'. */
    public synchronized List<Consumer> consumers() {
        List<Consumer> all = new ArrayList<>(commandBus.consumers());
        all.addAll(eventBus.consumers());
        all.addAll(consumers);
        for (Managed part : managed) {
            all.addAll(part.consumers());
        }
        return all;
    }

    /**
     * Calls {@code listener} with every message committed from now on, in global order, on the follower
     * thread (keep it quick: hand work off). For live views such as server-sent events.
     *
     * @return closes the tap
     */
    public CommitNotifications.Registration follow(java.util.function.Consumer<Message> listener) {
        Runnable remove = follower.listen(Objects.requireNonNull(listener, "listener"));
        return remove::run;
    }

    /** The broker the consumers receive through ({@link MicrolithConfig#transport}), or {@code null}: the store. */
    public io.microlith.consumer.BrokerTransport transport() {
        return config.transport;
    }

    /**
     * Waits until every running consumer has processed every message committed before this call, and every
     * message those handlers wrote in turn, until nothing new is written: the system is idle. For tests,
     * fixtures and tools; it polls the consumers every millisecond.
     *
     * @throws IllegalStateException with a {@link MicrolithConfig#transport broker transport}; when a consumer
     *                               crashed, or the system is still busy after {@code timeout}, naming the consumers
     *                               behind
     */
    public void awaitIdle(Duration timeout) {
        if (config.transport != null) {
            // a broker consumer cannot tell what the broker has not delivered yet: "idle" would be a guess
            throw new IllegalStateException("awaitIdle needs consumers that read the store; these receive through "
                    + config.transport.describe() + ": wait for an outcome instead");
        }
        IdleWait.await(store, this::consumers, timeout);
    }

    /** Starts the buses' consumers and the registered consumers. Starting twice does nothing. */
    public synchronized Microlith start() {
        ensureOpen();
        if (!started) {
            started = true;
            commandBus.start();
            eventBus.start();
            consumers.forEach(Consumer::start);
            managed.forEach(Managed::start);
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
        List<Managed> parts;
        synchronized (this) {
            registered = new ArrayList<>(consumers);
            parts = new ArrayList<>(managed);
        }
        registered.forEach(Consumer::stop);
        parts.forEach(Managed::stop);
        indexFeed.close();
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
