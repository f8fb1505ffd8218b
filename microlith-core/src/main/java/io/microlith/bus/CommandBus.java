package io.microlith.bus;

/**
 * Commands: requests to do something, written to command streams ({@code identity:command-42}) and handled
 * by exactly one component.
 *
 * <pre>{@code
 * commandBus.subscribe(RegisterCommand.class, (command, message) ->
 *         eventBus.dispatch(Envelope.follows(message, new UserRegistered(command.userId(), command.email()))));
 *
 * var register = Envelope.correlated(new RegisterCommand(userId, email));
 * commandBus.dispatch(register);
 * UserRegistered registered = eventBus.waitFor(register.correlationId(), UserRegistered.class);
 * }</pre>
 *
 * <p>A command type has one handler: a second subscription to the same type is refused with an
 * {@link IllegalStateException}.
 */
public interface CommandBus extends DurableBus {

    /**
     * Has {@code handler} decide the commands of {@code type} (a record already subscribed on this bus) on the thread
     * that sends them with {@link #dispatch(Envelope)} or {@link #request}, storing each command with its outcome in
     * one write (decision 0074). A request then completes from what was written, without waiting for the consumer.
     * Commands written to a named stream ({@link #dispatch(io.microlith.message.StreamName, Envelope)}) and commands
     * the handler cannot take (it throws) go the usual way: stored alone, decided by the consumer.
     *
     * @return whether the bus handles them inline: {@code false} when its consumers receive through a broker (the
     *         consumer's process decides, as without this call), or the bus has no inline path
     * @throws IllegalStateException when {@code type} has no handler on this bus, or already an inline one
     */
    default <T extends Record> boolean handleInline(Class<T> type, InlineCommandHandler<? super T> handler) {
        return false;
    }
}
