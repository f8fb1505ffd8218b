package io.microlith.component;

import io.microlith.bus.Envelope;
import io.microlith.entity.Entity;
import io.microlith.entity.EntityStore;
import io.microlith.message.Message;
import io.microlith.message.MessageTypes;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.ExpectedVersionException;
import io.microlith.store.MessageStore;
import io.microlith.store.WriteResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The toolkit side of an autonomous, idempotent command handler: fetch the entity, skip a command it has
 * already handled, decide, write the events with the expected version, reply.
 *
 * <pre>{@code
 * Component<Account> accounts = Component.of(store, types, entityStore);
 * consumer.handle(Deposit.class, (deposit, command) ->
 *         accounts.handle(command, deposit.accountId(), account -> Account.decide(account, deposit)));
 * }</pre>
 *
 * <p><b>Idempotence.</b> Events are written as {@link Envelope#follows following} the command, so each
 * records it as its cause; a redelivered command (after a crash, before the consumer saved its position) is
 * recognised by {@link Entity#hasProcessed(Message)} and not decided again. A decision that writes nothing
 * leaves no trace, so it must be one that gives nothing again when repeated (which a pure decision over the
 * same state does).
 *
 * <p><b>Concurrency.</b> The events are written with the entity's version as expected version. When
 * another writer got there first, the entity is fetched again and the decision made again, up to
 * {@code maxConflicts} times, after which the {@link ExpectedVersionException} is thrown (and the consumer's
 * retry policy takes over).
 *
 * @param <S> the entity's state
 */
public final class Component<S> {
    private final MessageStore store;
    private final MessageTypes types;
    private final EntityStore<S> entities;
    private final int maxConflicts;

    private Component(MessageStore store, MessageTypes types, EntityStore<S> entities, int maxConflicts) {
        this.store = Objects.requireNonNull(store, "store");
        this.types = Objects.requireNonNull(types, "types");
        this.entities = Objects.requireNonNull(entities, "entities");
        if (maxConflicts < 0) {
            throw new IllegalArgumentException("maxConflicts must not be negative, was " + maxConflicts);
        }
        this.maxConflicts = maxConflicts;
    }

    /** A component writing the entities of {@code entities}, deciding again up to 3 times on a conflict. */
    public static <S> Component<S> of(MessageStore store, MessageTypes types, EntityStore<S> entities) {
        return new Component<>(store, types, entities, 3);
    }

    /** The same component with another number of decisions made again on a conflict. */
    public Component<S> withMaxConflicts(int maxConflicts) {
        return new Component<>(store, types, entities, maxConflicts);
    }

    public EntityStore<S> entities() {
        return entities;
    }

    /**
     * Handles {@code command} for entity {@code entityId}: unless the entity already records the command as a
     * cause, {@code decide} gets the entity's state and returns the events (records) to write (none is fine); they are
     * written to the entity's stream in one write, following the command, at the entity's version.
     *
     * @throws ExpectedVersionException when other writers won {@code maxConflicts + 1} times in a row
     */
    public Outcome<S> handle(Message command, String entityId, Function<? super S, ? extends List<?>> decide) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(decide, "decide");
        for (int attempt = 0; ; attempt++) {
            Entity<S> entity = entities.fetch(entityId);
            if (entity.hasProcessed(command)) {
                return new Outcome.AlreadyHandled<>(entity);
            }
            List<?> events = decide.apply(entity.state());
            if (events == null || events.isEmpty()) {
                return new Outcome.NothingToWrite<>(entity);
            }
            List<NewMessage> messages = new ArrayList<>(events.size());
            for (Object event : events) {
                if (!(event instanceof Record record)) {
                    throw new IllegalArgumentException("A decision must return records (events), got "
                            + (event == null ? "null" : event.getClass().getName()));
                }
                messages.add(Envelope.follows(command, record).toNewMessage(types));
            }
            try {
                WriteResult result = store.write(entity.streamName(), messages, ExpectedVersion.exactly(entity.version()));
                return new Outcome.Written<>(entity, result);
            } catch (ExpectedVersionException conflict) {
                entities.evict(entityId);
                if (attempt >= maxConflicts) {
                    throw conflict;
                }
            }
        }
    }

    /**
     * Writes {@code reply}, following {@code cause}, to the reply stream named in the cause's metadata.
     *
     * @return where it was written, or empty when the cause names no reply stream
     */
    public Optional<WriteResult> reply(Message cause, Record reply) {
        return reply(store, types, cause, reply);
    }

    /** {@link #reply(Message, Record)} for handlers that are not components. */
    public static Optional<WriteResult> reply(MessageStore store, MessageTypes types, Message cause, Record reply) {
        StreamName replyStream = cause.metadata().replyStreamName();
        if (replyStream == null) {
            return Optional.empty();
        }
        // a reply asks for no reply of its own
        Envelope<Record> envelope = Envelope.follows(cause, reply).withReplyStreamName(null);
        return Optional.of(store.write(replyStream, envelope.toNewMessage(types)));
    }
}
