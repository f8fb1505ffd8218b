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
}
