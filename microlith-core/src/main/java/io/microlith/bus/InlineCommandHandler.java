package io.microlith.bus;

import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;

/**
 * Decides a command on the thread that sends it and stores the command with what it decided in one write (decision
 * 0074), so that the command bus's consumer has nothing left to do but acknowledge it. Registered with
 * {@link CommandBus#handleInline}; {@code ComponentBuilder.inline()} registers a component's.
 *
 * <p>Contract: either the command is stored (with its outcome, in one transaction, and marked
 * {@link io.microlith.message.Metadata#HANDLED_INLINE handled inline}) and the handler returns what it stored, or
 * nothing is stored and the handler throws. The bus then writes the command alone, as it would without an inline
 * handler, so that the consumer decides it, retries it and parks it as usual; except for a
 * {@link io.microlith.store.DuplicateMessageIdException} naming the command's own id, which the bus throws to the
 * sender as a dispatch would (the command is stored already, nothing is stored twice).
 *
 * @param <T> the command
 */
@FunctionalInterface
public interface InlineCommandHandler<T> {

    /**
     * Decides {@code command} and writes {@code message} (the command as it is to be stored, without the mark) to
     * {@code stream} together with the decision.
     *
     * @throws io.microlith.store.DuplicateMessageIdException when the store holds the command's id already
     * @throws RuntimeException                                whatever else failed: nothing was stored
     */
    HandledInline handle(T command, NewMessage message, StreamName stream);
}
