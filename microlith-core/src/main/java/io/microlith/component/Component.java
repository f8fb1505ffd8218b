package io.microlith.component;

import io.microlith.bus.Dispatched;
import io.microlith.bus.DurableBus;
import io.microlith.bus.HandledInline;
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

import java.time.Instant;
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
 * <p><b>Inline.</b> Built with {@link ComponentBuilder#inline()}, the component decides a command on the thread
 * that sends it and stores the command, its events and its replies in one write ({@link #handleInline}, decision
 * 0074); its consumer then only acknowledges the stored command.
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
     * conflict (see the class comment). A command {@linkplain io.microlith.message.Metadata#handledInline() marked}
     * as handled inline was stored with its outcome: it is {@link Outcome.AlreadyHandled} without a decision.
     *
     * @throws ExpectedVersionException when other writers won {@code maxConflicts + 1} times in a row
     * @throws AppendConditionFailedException when other writers changed the boundary {@code maxConflicts + 1} times
     *                                        in a row
     * @throws IllegalArgumentException when the decision holds something that is not a record
     */
    public Outcome<S> handle(C command, Message message) {
        Objects.requireNonNull(message, "message");
        if (message.metadata().handledInline()) {
            return new Outcome.AlreadyHandled<>(entities.fetch(entityIdOf(command)));
        }
        return decideAndWrite(command, message, null).outcome();
    }

    /**
     * Decides {@code command} on the calling thread and writes, in one transaction, {@code message} (the command, not
     * yet stored) to {@code commandStream} marked {@linkplain io.microlith.message.Metadata#HANDLED_INLINE handled
     * inline}, the events to the entity's stream at its version (with the boundary's condition, if any) and their
     * copies to the command's reply stream, if it names one; decides again on a conflict as {@link #handle} does
     * (decision 0074). When the decision is to write nothing, the command is written alone, marked all the same.
     *
     * <p>The events' causation names the command's id and stream but no position (-1): its global position is not
     * known before the write. So the command does not count in {@link Entity#hasProcessed}: a command of the same
     * entity stored earlier and still waiting for the consumer is decided when its turn comes, not skipped.
     *
     * @return what was stored
     * @throws io.microlith.store.DuplicateMessageIdException when the store holds the command's id (nothing written)
     * @throws RuntimeException whatever {@code decide} or the write threw (nothing written): the caller then
     *                          writes the command alone, for the consumer to decide
     */
    public HandledInline handleInline(C command, NewMessage message, StreamName commandStream) {
        NewMessage marked = message.withMetadata(message.metadata().withHandledInline());
        // the command as its events follow it: no position yet (see above)
        Message pending = new Message(marked.id(), commandStream, marked.type(), -1, -1, Instant.now(), marked.data(),
                marked.metadata());
        Decided<S, E> decided = decideAndWrite(command, pending,
                new StreamWrite(commandStream, List.of(marked), ExpectedVersion.any()));
        WriteResult stored = decided.results().getFirst();
        return new HandledInline(new Dispatched(marked.id(), commandStream, stored.version(),
                stored.lastGlobalPosition(), marked.metadata().correlationId()),
                decided.events().stream().map(Record.class::cast).toList());
    }

    /** What {@link #decideAndWrite} did: the outcome, the events decided and the results of the write. */
    private record Decided<S, E>(Outcome<S> outcome, List<? extends E> events, List<WriteResult> results) {
    }

    /**
     * The loop of fetch, decide, write, decide again on a conflict. {@code storeCommand} {@code null}: the command is
     * stored already ({@code cause}), and one the entity records as a cause is skipped. Otherwise {@code storeCommand}
     * is written first in the same write, and there is no cause to check (the store refuses a command id twice).
     */
    private Decided<S, E> decideAndWrite(C command, Message cause, StreamWrite storeCommand) {
        String id = entityIdOf(command);
        for (int attempt = 0; ; attempt++) {
            Entity<S> entity = entities.fetch(id);
            if (storeCommand == null && entity.hasProcessed(cause)) {
                return new Decided<>(new Outcome.AlreadyHandled<>(entity), List.of(), List.of());
            }
            // taken before deciding: what the decider reads of the boundary is then at least as new
            AppendCondition condition = boundary == null ? null : boundary.query(command, entity.state())
                    .map(query -> store.readBoundary(query).condition()).orElse(null);
            List<? extends E> events = decider.decide(command, entity.state());
            if (events == null || events.isEmpty()) {
                List<WriteResult> results = storeCommand == null ? List.of() : store.write(List.of(storeCommand));
                return new Decided<>(new Outcome.NothingToWrite<>(entity), List.of(), results);
            }
            List<StreamWrite> writes = new ArrayList<>(3);
            if (storeCommand != null) {
                writes.add(storeCommand);
            }
            writes.addAll(writes(cause, entity, events, condition));
            try {
                List<WriteResult> results = store.write(writes);
                WriteResult toEntity = results.get(storeCommand == null ? 0 : 1);
                return new Decided<>(new Outcome.Written<>(entity, toEntity), events, results);
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
