package io.microlith.component;

import io.microlith.bus.DurableBus;
import io.microlith.bus.Routes;
import io.microlith.bus.Envelope;
import io.microlith.entity.Entity;
import io.microlith.entity.EntityStore;
import io.microlith.message.Message;
import io.microlith.message.MessageTypes;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.AppendCondition;
import io.microlith.store.AppendConditionFailedException;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.ExpectedVersionException;
import io.microlith.store.MessageStore;
import io.microlith.store.StreamWrite;
import io.microlith.store.WriteResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link Decider} run by the toolkit: an autonomous, idempotent component that handles commands for the entities it
 * owns. For each command it
 * <ol>
 *   <li>fetches the entity through its {@link EntityStore} (cache, snapshots);</li>
 *   <li>skips the command when the entity already records it as a cause ({@link Entity#hasProcessed}): a command
 *       delivered again after a crash is not decided twice;</li>
 *   <li>calls {@code decide(command, state)};</li>
 *   <li>writes the events to the entity's stream, each following the command (correlation and causation copied), at
 *       the entity's version, in one write;</li>
 *   <li>decides again on the fresh entity when another writer got there first, up to {@code maxConflicts} times,
 *       then throws the {@link ExpectedVersionException} (the consumer's retry policy takes over);</li>
 *   <li>replies where asked: when the command names a reply stream, copies of the events are written to it in the
 *       same transaction;</li>
 *   <li>with a {@link Boundary} (a rule across streams): takes the boundary's position before deciding, writes the
 *       events tagged and with an {@link AppendCondition} over the boundary, and decides again when another writer
 *       changed the boundary meanwhile (counted as a conflict).</li>
 * </ol>
 * Built with {@code microlith.component(decider)}:
 * <pre>{@code
 * microlith.component(Decider.of(Product.NONE, Products::decide, Products::evolve))
 *         .commands(CatalogCommand.class, CatalogCommand::productId)   // a sealed family, and each one's entity id
 *         .entities(ProductEvent.class)                                // the entities: where this family is routed
 *         .subscribe();                                                // handlers on the command bus
 * }</pre>
 *
 * <p><b>Ordering.</b> The causation check compares global positions per causing category, so it is exact when the
 * commands of one entity are handled in global order: true for one consumer of their category (or one member of a
 * group) when an entity's commands come from one stream, or from several streams whose commands happen one after
 * the other (a session's login, then its logout).
 *
 * @param <C> the commands
 * @param <S> the entities' state
 * @param <E> the events
 */
public final class Component<C, S, E> {
    private final MessageStore store;
    private final MessageTypes types;
    private final Decider<C, S, E> decider;
    private final EntityStore<S> entities;
    private final Map<Class<?>, Function<Object, String>> entityIds;
    private final int maxConflicts;
    private final Boundary<C, S, E> boundary;

    Component(MessageStore store, MessageTypes types, Decider<C, S, E> decider, EntityStore<S> entities,
              Map<Class<?>, Function<Object, String>> entityIds, int maxConflicts, Boundary<C, S, E> boundary) {
        this.store = store;
        this.types = types;
        this.decider = decider;
        this.entities = entities;
        this.entityIds = Map.copyOf(entityIds);
        this.maxConflicts = maxConflicts;
        this.boundary = boundary;
    }

    /**
     * Starts a component that runs {@code decider} over {@code store}, decoding and naming messages with {@code types};
     * {@code routes} (or {@code null}) tell where event families live, and {@code bus} is where
     * {@link ComponentBuilder#subscribe()} subscribes its commands ({@code null}: only {@link ComponentBuilder#build()}).
     * Applications use {@code microlith.component(decider)}.
     */
    public static <C, S, E> ComponentBuilder<C, S, E> builder(MessageStore store, MessageTypes types, Routes routes,
                                                              DurableBus bus, Decider<C, S, E> decider) {
        return new ComponentBuilder<>(store, types, routes, bus, decider);
    }

    /** The entity store the component fetches through; give its {@code fetch} to other deciders that read these entities. */
    public EntityStore<S> entities() {
        return entities;
    }

    public Decider<C, S, E> decider() {
        return decider;
    }

    /** The id of the entity {@code command} is for. */
    public String entityIdOf(C command) {
        Function<Object, String> id = entityIds.get(Objects.requireNonNull(command, "command").getClass());
        if (id == null) {
            throw new IllegalArgumentException("The component does not handle " + command.getClass().getName()
                    + "; it handles " + entityIds.keySet().stream().map(Class::getSimpleName).sorted().toList());
        }
        String entityId = id.apply(command);
        if (entityId == null || entityId.isEmpty()) {
            throw new IllegalArgumentException("The entity id of " + command + " is empty");
        }
        return entityId;
    }

    /**
     * Handles {@code command}, stored as {@code message}: fetch, skip if handled, decide, write, decide again on a
     * conflict (see the class comment).
     *
     * @throws ExpectedVersionException when other writers won {@code maxConflicts + 1} times in a row
     * @throws AppendConditionFailedException when other writers changed the boundary {@code maxConflicts + 1} times
     *                                        in a row
     * @throws IllegalArgumentException when the decision holds something that is not a record
     */
    public Outcome<S> handle(C command, Message message) {
        Objects.requireNonNull(message, "message");
        String id = entityIdOf(command);
        for (int attempt = 0; ; attempt++) {
            Entity<S> entity = entities.fetch(id);
            if (entity.hasProcessed(message)) {
                return new Outcome.AlreadyHandled<>(entity);
            }
            // taken before deciding: what the decider reads of the boundary is then at least as new
            AppendCondition condition = boundary == null ? null : boundary.query(command, entity.state())
                    .map(query -> store.readBoundary(query).condition()).orElse(null);
            List<? extends E> events = decider.decide(command, entity.state());
            if (events == null || events.isEmpty()) {
                return new Outcome.NothingToWrite<>(entity);
            }
            try {
                return new Outcome.Written<>(entity, store.write(writes(message, entity, events, condition)).getFirst());
            } catch (ExpectedVersionException conflict) {
                entities.evict(id);
                if (attempt >= maxConflicts || !conflict.streamName().equals(entity.streamName())) {
                    throw conflict;
                }
            } catch (AppendConditionFailedException changed) {
                if (attempt >= maxConflicts) {
                    throw changed;
                }
            }
        }
    }

    private List<StreamWrite> writes(Message command, Entity<S> entity, List<? extends E> events,
                                     AppendCondition condition) {
        List<NewMessage> messages = new ArrayList<>(events.size());
        List<NewMessage> replies = new ArrayList<>(events.size());
        StreamName replyStream = command.metadata().replyStreamName();
        for (E event : events) {
            if (!(event instanceof Record record)) {
                throw new IllegalArgumentException("A decision must hold records (events), got "
                        + (event == null ? "null" : event.getClass().getName()));
            }
            Envelope<Record> following = Envelope.follows(command, record);
            NewMessage written = following.toNewMessage(types);
            if (boundary != null) {
                written = written.withMetadata(written.metadata().withTags(boundary.tags(entity.state(), event)));
            }
            messages.add(written);
            if (replyStream != null) {
                // a reply asks for no reply of its own
                replies.add(Envelope.follows(command, record).withReplyStreamName(null).toNewMessage(types));
            }
        }
        StreamWrite toEntity = new StreamWrite(entity.streamName(), messages, ExpectedVersion.exactly(entity.version()),
                condition);
        return replies.isEmpty() ? List.of(toEntity)
                : List.of(toEntity, new StreamWrite(replyStream, replies, ExpectedVersion.any()));
    }

    /**
     * Writes {@code reply}, following {@code cause}, to the reply stream named in the cause's metadata; for handlers
     * that are not deciders.
     *
     * @return where it was written, or empty when the cause names no reply stream
     */
    public static java.util.Optional<WriteResult> reply(MessageStore store, MessageTypes types, Message cause, Record reply) {
        StreamName replyStream = cause.metadata().replyStreamName();
        if (replyStream == null) {
            return java.util.Optional.empty();
        }
        Envelope<Record> envelope = Envelope.follows(cause, reply).withReplyStreamName(null);
        return java.util.Optional.of(store.write(replyStream, envelope.toNewMessage(types)));
    }
}
