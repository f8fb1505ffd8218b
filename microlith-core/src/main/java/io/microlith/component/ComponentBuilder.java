package io.microlith.component;

import io.microlith.bus.CommandBus;
import io.microlith.bus.DurableBus;
import io.microlith.bus.Routes;
import io.microlith.consumer.MessageHandler;
import io.microlith.entity.EntityStore;
import io.microlith.entity.Projection;
import io.microlith.message.MessageFamily;
import io.microlith.message.MessageTypes;
import io.microlith.store.MessageStore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Declares how a {@link Component} is wired: which commands it handles (and the entity each is for), where its
 * entities' events live, and how its entity store caches and snapshots. {@link #subscribe()} puts it on the command
 * bus.
 *
 * @param <C> the commands
 * @param <S> the entities' state
 * @param <E> the events
 */
public final class ComponentBuilder<C, S, E> {
    private final MessageStore store;
    private final MessageTypes types;
    private final Routes routes;
    private final DurableBus bus;
    private final Decider<C, S, E> decider;
    private final Map<Class<?>, Function<Object, String>> entityIds = new LinkedHashMap<>();
    private String category;
    private Class<E> events;
    private int cacheSize = 1000;
    private int snapshotInterval;
    private Class<S> stateType;
    private String projectionVersion = "1";
    private int maxConflicts = 3;
    private Boundary<C, S, E> boundary;
    private boolean inline;

    ComponentBuilder(MessageStore store, MessageTypes types, Routes routes, DurableBus bus, Decider<C, S, E> decider) {
        this.store = Objects.requireNonNull(store, "store");
        this.types = Objects.requireNonNull(types, "types");
        this.routes = routes;
        this.bus = bus;
        this.decider = Objects.requireNonNull(decider, "decider");
    }

    /**
     * Handles commands of {@code type} (a record, or a sealed interface of records: every record of the family), each
     * for the entity {@code entityId} names. Call it once per family or record whose entity id is found differently.
     *
     * @throws IllegalArgumentException when a record is declared twice
     */
    public <T extends C> ComponentBuilder<C, S, E> commands(Class<T> type, Function<? super T, String> entityId) {
        Objects.requireNonNull(entityId, "entityId");
        for (Class<? extends Record> record : MessageFamily.recordsOf(type)) {
            if (entityIds.putIfAbsent(record, body -> entityId.apply(type.cast(body))) != null) {
                throw new IllegalArgumentException("The component already handles " + record.getSimpleName());
            }
        }
        return this;
    }

    /** The entities live in streams {@code category-<entity id>}; their events are of the family {@code events}. */
    public ComponentBuilder<C, S, E> entities(String category, Class<E> events) {
        this.category = Objects.requireNonNull(category, "category");
        this.events = Objects.requireNonNull(events, "events");
        return this;
    }

    /**
     * The entities live in the category the routes send the {@code events} family to.
     *
     * @throws io.microlith.bus.NoRouteException when a record of the family has no route
     * @throws IllegalArgumentException          when the family's records are routed to different categories
     */
    public ComponentBuilder<C, S, E> entities(Class<E> events) {
        if (routes == null) {
            throw new IllegalStateException("This builder has no routes; name the category: entities(category, events)");
        }
        List<String> categories = MessageFamily.recordsOf(events).stream()
                .map(record -> routes.require(record).category()).distinct().toList();
        if (categories.size() != 1) {
            throw new IllegalArgumentException("The events " + events.getSimpleName()
                    + " must all be routed to one category to be one entity's, but go to " + categories);
        }
        return entities(categories.getFirst(), events);
    }

    /** How many entities the entity store caches; 0 turns the cache off. Default 1000. */
    public ComponentBuilder<C, S, E> cacheSize(int entities) {
        this.cacheSize = entities;
        return this;
    }

    /** Snapshots an entity each time {@code messages} or more were folded past its last snapshot. Default: none. */
    public ComponentBuilder<C, S, E> snapshotEvery(int messages, Class<S> stateType) {
        this.snapshotInterval = messages;
        this.stateType = Objects.requireNonNull(stateType, "stateType");
        return this;
    }

    /** Names the fold's logic for snapshots (see {@link Projection#version()}); change it when {@code evolve} changes. */
    public ComponentBuilder<C, S, E> projectionVersion(String version) {
        this.projectionVersion = Objects.requireNonNull(version, "version");
        return this;
    }

    /** How many times a decision is made again after a conflict before the conflict is thrown. Default 3. */
    public ComponentBuilder<C, S, E> maxConflicts(int maxConflicts) {
        if (maxConflicts < 0) {
            throw new IllegalArgumentException("maxConflicts must not be negative, was " + maxConflicts);
        }
        this.maxConflicts = maxConflicts;
        return this;
    }

    /**
     * A rule that spans more than the entity's stream: the component writes each decision with an append condition
     * over the boundary's query and tags the events as the boundary says (see {@link Boundary}). A changed boundary
     * counts as a conflict ({@link #maxConflicts}). Default: none.
     */
    public ComponentBuilder<C, S, E> boundary(Boundary<C, S, E> boundary) {
        this.boundary = Objects.requireNonNull(boundary, "boundary");
        return this;
    }

    /**
     * Decides the component's commands on the thread that sends them, once {@link #subscribe() subscribed} (decision
     * 0074): {@code commandBus.request(...)} and {@code dispatch(...)} fetch the entity, decide, and store the command
     * (marked {@linkplain io.microlith.message.Metadata#HANDLED_INLINE handled inline}), its events and its replies in
     * one write; a request returns its outcome from what it wrote, without a wait. The consumer of the commands
     * still reads each one and acknowledges it without deciding it again (its listeners hear it handled, in the time
     * of the acknowledgement). Commands are handled inline from {@link #subscribe()} on, also before
     * {@code Microlith.start()} (the consumer acknowledges them once it starts). Default: off, every command is decided
     * by the consumer.
     *
     * <p>Contract and limits:
     * <ul>
     *   <li>Only in the process where the component is subscribed and its consumers read the store: with a broker
     *       transport ({@code MicrolithConfig.transport}) the consumer decides, as without this setting.</li>
     *   <li>A command that cannot be handled inline (its decision throws, conflicts outlast {@link #maxConflicts},
     *       the write fails) is stored alone, unmarked, and the consumer decides it, retries it and parks it as
     *       usual: a sender never loses a command. A command id already stored is refused as by a dispatch
     *       ({@link io.microlith.store.DuplicateMessageIdException}), nothing stored twice.</li>
     *   <li>An inline command is decided before the commands of its entity still queued for the consumer, and is not
     *       counted in {@link io.microlith.entity.Entity#hasProcessed} (its global position is not known before
     *       the write): those queued commands are decided in their turn, on the entity as it is then.</li>
     *   <li>A parked command does not hold back the inline commands of its stream (whatever the consumer's
     *       {@link io.microlith.consumer.HoldBack}).</li>
     * </ul>
     */
    public ComponentBuilder<C, S, E> inline() {
        this.inline = true;
        return this;
    }

    /**
     * The component, not subscribed to anything (for tests, and for handlers that call {@link Component#handle}).
     *
     * @throws IllegalStateException when no commands or no entities were declared
     */
    public Component<C, S, E> build() {
        if (entityIds.isEmpty()) {
            throw new IllegalStateException("Declare the commands the component handles: commands(type, entityId)");
        }
        if (events == null) {
            throw new IllegalStateException("Declare where the component's entities live: entities(category, events)");
        }
        EntityStore.Builder<S> entityStore = EntityStore.builder(store, category,
                        Projection.of(types, decider.initialState(), events, decider::evolve).withVersion(projectionVersion))
                .cacheSize(cacheSize).types(types).followCommits();
        if (snapshotInterval > 0) {
            entityStore.snapshotEvery(snapshotInterval, stateType);
        }
        return new Component<>(store, types, decider, entityStore.build(), entityIds, maxConflicts, boundary);
    }

    /**
     * Builds the component and subscribes it to its commands on the command bus (in the categories their routes
     * name); it handles them once the Microlith starts, and at once on the senders' threads when {@link #inline()}.
     */
    public Component<C, S, E> subscribe() {
        if (bus == null) {
            throw new IllegalStateException("This builder has no bus to subscribe to; use build()");
        }
        Component<C, S, E> component = build();
        for (Class<?> record : entityIds.keySet()) {
            subscribe(component, record.asSubclass(Record.class));
        }
        return component;
    }

    @SuppressWarnings("unchecked")
    private <R extends Record> void subscribe(Component<C, S, E> component, Class<R> record) {
        bus.subscribe(record, (MessageHandler<R>) (command, message) -> {
            // stored with its outcome by an inline handler (here or in another process): acknowledged, not fetched
            if (!message.metadata().handledInline()) {
                component.handle((C) command, message);
            }
        });
        if (inline && bus instanceof CommandBus commands) {
            commands.handleInline(record, (command, message, stream) -> component.handleInline((C) command, message, stream));
        }
    }
}
