package io.microlith.bus;

import io.microlith.Microlith;
import io.microlith.message.Message;
import io.microlith.message.StreamName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seeds' bus examples (seeds 000 and 001), written almost line for line in Java: the query bus's
 * correlated request and response, a command then a wait on the event bus for one of two outcomes, and a
 * command handler that dispatches an event.
 */
class SeedExamplesTest {

    record CurrentUserRequest(int id) {
    }

    record CurrentUserResponse(String email) {
    }

    record LoginCommand(String email, String password, String sid) {
    }

    record UserLoggedIn(String email, String sid) {
    }

    record LoginErrorRaised(String email, String reason) {
    }

    record LogoutCommand(String sid) {
    }

    record RegisterCommand(String email, String password, String role) {
    }

    record UserRegistered(String email, String password, String role) {
    }

    private Microlith microlith;
    private CommandBus CommandBus;
    private EventBus EventBus;
    private QueryBus QueryBus;
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Semaphore registrationsSeen = new Semaphore(0);

    @BeforeEach
    void wire() {
        microlith = Microlith.create(config -> config
                .route(LoginCommand.class, "identity:command", LoginCommand::email)
                .route(LogoutCommand.class, "identity:command", LogoutCommand::sid)
                .route(RegisterCommand.class, "identity:command", RegisterCommand::email)
                .route(UserLoggedIn.class, "identity", UserLoggedIn::email)
                .route(LoginErrorRaised.class, "identity", LoginErrorRaised::email)
                .route(UserRegistered.class, "identity", UserRegistered::email));
        // the seeds call the buses by these names
        CommandBus = microlith.commandBus();
        EventBus = microlith.eventBus();
        QueryBus = microlith.queryBus();

        // "Listening for that message is a service that will send a CurrentUserResponse message back."
        QueryBus.subscribe(CurrentUserRequest.class, request -> new CurrentUserResponse("foo@bar.com"));

        CommandBus.subscribe(LoginCommand.class, (command, message) -> {
            if (command.password().equals(passwords.get(command.email()))) {
                EventBus.dispatch(Envelope.follows(message, new UserLoggedIn(command.email(), command.sid())));
            } else {
                EventBus.dispatch(Envelope.follows(message, new LoginErrorRaised(command.email(), "wrong password")));
            }
        });
        CommandBus.subscribe(LogoutCommand.class, command -> {
        });

        // "A full command function example might look like this:"
        CommandBus.subscribe(RegisterCommand.class, this::registerCommand);
        EventBus.subscribe(UserRegistered.class, event -> {
            passwords.put(event.email(), event.password());
            registrationsSeen.release();
        });

        microlith.start();
    }

    void registerCommand(RegisterCommand command, Message message) {
        // Go save this user and their data
        EventBus.dispatch(Envelope.follows(message,
                new UserRegistered(command.email(), command.password(), command.role())));
    }

    @AfterEach
    void close() {
        microlith.close();
    }

    @Test
    void sends_a_synchronous_query_and_waits_for_the_correlated_response() {
        // Create the event
        var event = Envelope.correlated(new CurrentUserRequest(123));

        // Dispatch it
        QueryBus.dispatch(event);

        // Wait for the response with a 10 second timeout
        var response = QueryBus.waitFor(event.correlationId(), CurrentUserResponse.class, Duration.ofSeconds(10));

        assertThat(response).isEqualTo(new CurrentUserResponse("foo@bar.com"));
    }

    @Test
    void sends_an_asynchronous_command_without_waiting() {
        Dispatched dispatched = CommandBus.dispatch(new LogoutCommand("12345687651234"));

        assertThat(dispatched.streamName()).isEqualTo(StreamName.of("identity:command-12345687651234"));
        assertThat(microlith.store().lastMessage(dispatched.streamName()).orElseThrow().type())
                .isEqualTo("LogoutCommand");
    }

    @Test
    void registers_then_logs_in_waiting_on_the_event_bus_for_the_command_on_the_command_bus() throws InterruptedException {
        var register = Envelope.correlated(new RegisterCommand("foo@bar.com", "fa352471287", "user"));
        CommandBus.dispatch(register);
        UserRegistered registered = EventBus.waitFor(register.correlationId(), UserRegistered.class);
        assertThat(registered.role()).isEqualTo("user");
        awaitPassword("foo@bar.com");

        var event = Envelope.correlated(new LoginCommand("foo@bar.com", "fa352471287", "12345687651234"));

        CommandBus.dispatch(event);

        UserLoggedIn loggedIn = EventBus.waitFor(event.correlationId(), UserLoggedIn.class);
        assertThat(loggedIn.sid()).isEqualTo("12345687651234");
    }

    @Test
    void waits_for_the_first_correlated_of_several_event_types() {
        var event = Envelope.correlated(new LoginCommand("foo@bar.com", "fa352471287", "12345687651234"));

        // Dispatch it
        CommandBus.dispatch(event);

        // This will wait for the first correlated resultant event
        var answer = EventBus.waitFor(event.correlationId(), List.of(UserLoggedIn.class, LoginErrorRaised.class));

        assertThat(answer).isEqualTo(new LoginErrorRaised("foo@bar.com", "wrong password"));
    }

    @Test
    void the_register_command_handler_dispatches_user_registered_following_the_command() {
        var register = Envelope.correlated(new RegisterCommand("ann@example.com", "hash", "admin"));
        Dispatched command = CommandBus.dispatch(register);

        Message registered = EventBus.waitForMessage(register.correlationId(), List.of("UserRegistered"),
                Duration.ofSeconds(10));

        assertThat(registered.streamName()).isEqualTo(StreamName.of("identity-ann@example.com"));
        assertThat(registered.metadata().causation().messageId()).isEqualTo(command.messageId());
        assertThat(registered.metadata().causation().globalPosition()).isEqualTo(command.globalPosition());
    }

    private void awaitPassword(String email) throws InterruptedException {
        // the event bus's subscriber is a consumer of its own: wait until it has seen the registration
        assertThat(registrationsSeen.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        assertThat(passwords).containsKey(email);
    }
}
