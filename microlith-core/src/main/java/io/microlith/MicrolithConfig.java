package io.microlith;

import io.microlith.bus.Routes;
import io.microlith.consumer.ConsumerListeners;
import io.microlith.consumer.ConsumerSettings;
import io.microlith.internal.runtime.TypeNames;
import io.microlith.message.MessageTypes;
import io.microlith.message.StreamName;
import io.microlith.message.Upcaster;
import io.microlith.store.MessageStore;
import io.microlith.store.MessageStores;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What {@link Microlith#create(java.util.function.Consumer)} is given to fill in. Everything has a default:
 * an in-memory store, a fresh type registry, no routes.
 */
public final class MicrolithConfig {
    /** Defaults for every consumer the Microlith builds. */
    public final ConsumerSettings consumers = new ConsumerSettings();

    MessageStore store;
    boolean closeStore;
    MessageTypes types = new MessageTypes();
    final Routes routes = new Routes();
    String name = "microlith";
    Duration defaultTimeout = Duration.ofSeconds(10);
    Duration correlationRetention = Duration.ofMinutes(2);
    int maxCorrelations = 100_000;
    Duration followerPollInterval = Duration.ofSeconds(1);
    final List<Feature> features = new ArrayList<>();
    private final java.util.Map<String, List<java.util.function.Consumer<ConsumerSettings>>> byCategory = new java.util.HashMap<>();
    final List<ConsumerListeners> consumerListeners = new ArrayList<>();
    io.microlith.consumer.BrokerTransport transport;

    MicrolithConfig() {
    }

    /**
     * Opens the store a setting names ({@link MessageStores#open(String)}: {@code memory:}, {@code sqlite:./data/app.db},
     * {@code postgresql://...}); the Microlith owns it and closes it on {@link Microlith#close()}.
     *
     * @throws IllegalArgumentException when no store on the class path understands the setting
     */
    public MicrolithConfig store(String setting) {
        return ownedStore(MessageStores.open(Objects.requireNonNull(setting, "setting")));
    }

    /**
     * The message store. The caller keeps ownership: {@link Microlith#close()} does not close it.
     * Without one, the Microlith makes an in-memory store and closes it on {@code close()}.
     */
    public MicrolithConfig store(MessageStore store) {
        this.store = Objects.requireNonNull(store, "store");
        this.closeStore = false;
        return this;
    }

    /** The message store, closed by {@link Microlith#close()}. */
    public MicrolithConfig ownedStore(MessageStore store) {
        this.store = Objects.requireNonNull(store, "store");
        this.closeStore = true;
        return this;
    }

    /**
     * Adds features: each one's {@link Feature#configure} runs now, and its {@link Feature#wire} once the
     * Microlith exists, in the order given.
     */
    public MicrolithConfig feature(Feature... features) {
        for (Feature feature : features) {
            Objects.requireNonNull(feature, "feature").configure(this);
            this.features.add(feature);
        }
        return this;
    }

    /** Changes the consumer defaults in a chain: {@code config.consumers(c -> c.batchSize(100))}. */
    public MicrolithConfig consumers(java.util.function.Consumer<ConsumerSettings> configure) {
        configure.accept(consumers);
        return this;
    }

    /**
     * Changes the settings of the consumers of one category, over the defaults: {@code config.consumers("order:command",
     * c -> c.concurrency(16))} lets the orders component handle 16 orders at once (each order's stream still in order)
     * while every other consumer keeps the defaults. Changes for one category add up, in the order given.
     */
    public MicrolithConfig consumers(String category, java.util.function.Consumer<ConsumerSettings> configure) {
        StreamName.requireCategory(category);
        byCategory.computeIfAbsent(category, k -> new ArrayList<>()).add(Objects.requireNonNull(configure, "configure"));
        return this;
    }

    /** The settings of the consumers of {@code category}: the defaults with the category's changes. */
    ConsumerSettings consumersOf(String category) {
        List<java.util.function.Consumer<ConsumerSettings>> changes = byCategory.get(category);
        if (changes == null) {
            return consumers;
        }
        ConsumerSettings settings = consumers.copy();
        changes.forEach(change -> change.accept(settings));
        return settings;
    }

    /**
     * Adds a listener to every consumer the Microlith builds (its buses', {@code microlith.consumer(...)}'s, the
     * aggregators'): {@code listeners} makes one per consumer, beside the listener the consumer's own builder sets.
     * For metrics and monitors ({@code microlith-metrics} adds its own this way).
     */
    public MicrolithConfig consumerListeners(ConsumerListeners listeners) {
        consumerListeners.add(Objects.requireNonNull(listeners, "listeners"));
        return this;
    }

    /**
     * The type registry shared by the buses and consumers. Records that are not registered are registered
     * under their simple name the first time they are dispatched or subscribed to.
     */
    public MicrolithConfig types(MessageTypes types) {
        this.types = Objects.requireNonNull(types, "types");
        return this;
    }

    /**
     * Registers the upcaster that turns data of {@code type} stored in schema version {@code fromVersion} into
     * version {@code fromVersion + 1} (decision 0085); the record is registered under its simple name unless
     * registered otherwise. Every reader (buses, consumers, entity store, aggregators, replay) then reads old
     * messages as the current record; the stored messages never change.
     */
    public MicrolithConfig upcast(Class<? extends Record> type, int fromVersion, Upcaster upcaster) {
        types.upcaster(TypeNames.of(types, type), fromVersion, upcaster);
        return this;
    }

    /**
     * Encrypts the {@code @PersonalData} components of every message written with its {@code @DataSubject}'s key
     * from {@code keys}, and reveals them to every reader; a forgotten subject's data reads as {@code null}
     * (decision 0086). Wrap an outside store in a {@link io.microlith.privacy.CachingSubjectKeyStore}.
     */
    public MicrolithConfig personalData(io.microlith.privacy.SubjectKeyStore keys) {
        types.personalData(keys);
        return this;
    }

    /** Reads messages stored under the type name {@code oldName} as {@code type} (a renamed message type). */
    public MicrolithConfig renamed(String oldName, Class<? extends Record> type) {
        types.renamed(oldName, TypeNames.of(types, type));
        return this;
    }

    /** Registers message records under their simple names. */
    @SafeVarargs
    public final MicrolithConfig register(Class<? extends Record>... records) {
        for (Class<? extends Record> record : records) {
            types.register(record);
        }
        return this;
    }

    /**
     * Sends dispatched messages of {@code type} to the stream {@code category-<id(body)>}, and subscribes
     * handlers of {@code type} to {@code category}. {@code type} is a record or a sealed interface of records:
     * {@code route(UserEvent.class, "user", UserEvent::userId)} routes every record of the family in one call.
     * Routed records are registered in the type registry under their simple names (unless registered otherwise).
     */
    public <T> MicrolithConfig route(Class<T> type, String category, Function<? super T, String> id) {
        routes.route(type, category, Objects.requireNonNull(id, "id"));
        return this;
    }

    /** Sends dispatched messages of {@code type} (a record or a sealed family) to a stream of their own, {@code category-<message id>}. */
    public <T> MicrolithConfig route(Class<T> type, String category) {
        routes.route(type, category);
        return this;
    }

    /**
     * This process's name for its bus consumers: the command bus's consumers are named {@code <name>.commands}
     * and the event bus's {@code <name>.events}; default {@code microlith}. Processes that run different
     * handlers on the same categories need different names.
     */
    public MicrolithConfig name(String name) {
        StreamName.of("name", Objects.requireNonNull(name, "name"));
        if (name.contains("+")) {
            throw new IllegalArgumentException("A Microlith name must not contain '+', was '" + name + "'");
        }
        this.name = name;
        return this;
    }

    /**
     * Has every consumer the Microlith builds (its buses', {@code microlith.consumer(...)}'s, the aggregators') receive
     * through {@code transport}, a broker, instead of reading the store (decision 0093); {@code null}, the default:
     * read the store. The handlers do not change. Relays, which publish what the store committed, are started apart
     * ({@link io.microlith.consumer.BrokerTransport#startRelay}), once per category in the whole system. Waits for an
     * outcome ({@code waitFor}, {@code request}) still follow the store. The caller keeps ownership of the transport
     * and closes it after the Microlith.
     */
    public MicrolithConfig transport(io.microlith.consumer.BrokerTransport transport) {
        this.transport = transport;
        return this;
    }

    /** The timeout of {@code waitFor} calls that name none; default 10 s. */
    public MicrolithConfig defaultTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("Default timeout must not be negative, was " + timeout);
        }
        this.defaultTimeout = timeout;
        return this;
    }

    /**
     * How long correlated messages are kept for waits that start after them (default 2 minutes), and for
     * how many correlation ids at most (default 100,000; the oldest are forgotten first).
     */
    public MicrolithConfig correlationRetention(Duration retention, int maxCorrelations) {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("Retention must not be negative, was " + retention);
        }
        if (maxCorrelations < 1) {
            throw new IllegalArgumentException("maxCorrelations must be at least 1, was " + maxCorrelations);
        }
        this.correlationRetention = retention;
        this.maxCorrelations = maxCorrelations;
        return this;
    }
}
