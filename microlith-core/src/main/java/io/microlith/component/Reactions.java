package io.microlith.component;

import io.microlith.bus.DurableBus;
import io.microlith.bus.Envelope;
import io.microlith.consumer.MessageHandler;
import io.microlith.internal.runtime.TypeNames;
import io.microlith.message.Message;
import io.microlith.message.MessageFamily;
import io.microlith.message.MessageIds;
import io.microlith.message.MessageTypes;
import io.microlith.store.DuplicateMessageIdException;

import java.util.Objects;
import java.util.function.Function;

/**
 * Reactions: "when this event happens, send that command" (a registration leads to a welcome e-mail), each
 * dispatched exactly once per event however often the event is delivered. The command follows the event
 * (correlation and causation) and its id is derived from the event's ({@link MessageIds#derived}), so that the store
 * refuses the second copy; the refusal means "already reacted" and is not a failure.
 */
public final class Reactions {
    private Reactions() {
    }

    /**
     * Subscribes, on {@code events}, a reaction to every record {@code type} stands for (a record or a sealed family):
     * {@code reaction} returns the message to dispatch on {@code commands} (a record, routed by its type), or
     * {@code null} for none.
     */
    public static <E> void subscribe(DurableBus events, DurableBus commands, MessageTypes types, Class<E> type,
                                     Function<? super E, ?> reaction) {
        Objects.requireNonNull(reaction, "reaction");
        for (Class<? extends Record> record : MessageFamily.recordsOf(type)) {
            subscribeRecord(events, commands, types, record, event -> reaction.apply(type.cast(event)));
        }
    }

    private static <R extends Record> void subscribeRecord(DurableBus events, DurableBus commands, MessageTypes types,
                                                           Class<R> record, Function<Object, ?> reaction) {
        events.subscribe(record, (MessageHandler<R>) (event, message) -> react(commands, types, message, reaction.apply(event)));
    }

    private static void react(DurableBus commands, MessageTypes types, Message cause, Object next) {
        if (next == null) {
            return;
        }
        Envelope<?> command = Envelope.follows(cause, next)
                .withId(MessageIds.derived(cause.id(), "reaction:" + TypeNames.of(types, next.getClass())));
        try {
            commands.dispatch(command);
        } catch (DuplicateMessageIdException alreadyReacted) {
            // the event was delivered before and its command is stored: at least once in, exactly once out
        }
    }
}
