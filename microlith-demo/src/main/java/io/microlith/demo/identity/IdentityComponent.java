package io.microlith.demo.identity;

import io.microlith.Microlith;
import io.microlith.bus.Envelope;
import io.microlith.demo.identity.IdentityMessages.CurrentUserRequest;
import io.microlith.demo.identity.IdentityMessages.CurrentUserResponse;
import io.microlith.demo.identity.IdentityMessages.LoginCommand;
import io.microlith.demo.identity.IdentityMessages.LoginRejected;
import io.microlith.demo.identity.IdentityMessages.LogoutCommand;
import io.microlith.demo.identity.IdentityMessages.RegisterCommand;
import io.microlith.demo.identity.IdentityMessages.RegistrationRejected;
import io.microlith.demo.identity.IdentityMessages.UserLoggedIn;
import io.microlith.demo.identity.IdentityMessages.UserLoggedOut;
import io.microlith.demo.identity.IdentityMessages.UserRegistered;
import io.microlith.message.Message;
import io.microlith.message.MessageTypes;
import io.microlith.message.StreamName;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.MessageStore;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;

/**
 * The identity component: the only writer of the {@code user} and {@code session} streams. It handles
 * register, login and logout commands one at a time, in order, and answers the current-user query.
 *
 * <p>Idempotent: a command whose effect is already in the stream it writes (an event caused by that
 * very command) is skipped, so a command delivered twice never registers, logs in or rejects twice.
 */
public final class IdentityComponent {
    private final MessageStore store;
    private final MessageTypes types;
    private final Microlith microlith;
    private final Passwords passwords;
    private final SecretBox box;
    /**
     * Sessions by key: open ones, and closed ones as tombstones (a session key is never reused, so a
     * closed session stays closed). Unknown keys are not cached, so a session that opens later is
     * never hidden by a cached miss.
     */
    private final Map<String, SessionState> sessions = new ConcurrentHashMap<>();
    private static final int MAX_CACHED_SESSIONS = 100_000;

    public IdentityComponent(Microlith microlith, Passwords passwords, SecretBox box) {
        this.microlith = microlith;
        this.store = microlith.store();
        this.types = microlith.types();
        this.passwords = passwords;
        this.box = box;
    }

    /** Routes the feature's messages to their streams. */
    public static void routes(io.microlith.MicrolithConfig config) {
        config.route(RegisterCommand.class, "identity:command", RegisterCommand::userId)
                .route(LoginCommand.class, "identity:command", c -> IdentityRules.userIdOf(c.email()))
                .route(LogoutCommand.class, "identity:command", LogoutCommand::sessionKey)
                .route(UserRegistered.class, "user", UserRegistered::userId)
                .route(RegistrationRejected.class, "user", RegistrationRejected::userId)
                .route(UserLoggedIn.class, "session", UserLoggedIn::sessionKey)
                .route(LoginRejected.class, "session", LoginRejected::sessionKey)
                .route(UserLoggedOut.class, "session", UserLoggedOut::sessionKey);
    }

    /** Subscribes the command handlers (run by this process's identity role). */
    public void subscribeCommands() {
        microlith.commandBus().subscribe(RegisterCommand.class, this::register);
        microlith.commandBus().subscribe(LoginCommand.class, this::login);
        microlith.commandBus().subscribe(LogoutCommand.class, this::logout);
    }

    /**
     * Subscribes the current-user query handler (queries are answered in the asking process). Open
     * sessions are cached, since every authenticated request asks; a cached session is closed as soon
     * as this process's store follower sees its {@code UserLoggedOut}, whoever wrote it.
     */
    public void subscribeQueries() {
        microlith.follow(message -> {
            if (message.type().equals("UserLoggedOut")) {
                // A tombstone, not a removal: a reader that saw the session still open must not cache it again.
                message.streamName().id().ifPresent(key -> sessions.put(key, SessionState.CLOSED));
            }
        });
        microlith.queryBus().subscribe(CurrentUserRequest.class, this::currentUser);
    }

    void register(RegisterCommand command, Message message) {
        StreamName stream = StreamName.of("user", command.userId());
        List<Message> history = store.readStream(stream, 0);
        if (causedBy(history, message)) {
            return;
        }
        UserState user = UserState.fold(history, types);
        Optional<String> password = box.open(command.sealedPassword());
        RegistrationRejected rejection = null;
        if (password.isEmpty()) {
            rejection = reject(command, "password", "the registration expired; please send it again", false);
        } else if (IdentityRules.emailProblem(command.email()).isPresent()) {
            rejection = reject(command, "email", IdentityRules.emailProblem(command.email()).get(), false);
        } else if (IdentityRules.roleProblem(command.role()).isPresent()) {
            rejection = reject(command, "role", IdentityRules.roleProblem(command.role()).get(), false);
        } else if (IdentityRules.passwordProblem(password.get()).isPresent()) {
            rejection = reject(command, "password", IdentityRules.passwordProblem(password.get()).get(), false);
        } else if (user.registered()) {
            rejection = reject(command, "email", "this e-mail address is already registered", true);
        }
        ExpectedVersion expected = ExpectedVersion.exactly(history.isEmpty() ? -1 : history.getLast().position());
        if (rejection != null) {
            microlith.eventBus().dispatch(stream, Envelope.follows(message, rejection), expected);
            return;
        }
        UserRegistered registered = new UserRegistered(command.userId(), IdentityRules.normalizeEmail(command.email()),
                passwords.hash(password.get()), command.role());
        microlith.eventBus().dispatch(stream, Envelope.follows(message, registered), expected);
    }

    private static RegistrationRejected reject(RegisterCommand command, String field, String reason, boolean conflict) {
        return new RegistrationRejected(command.userId(), IdentityRules.normalizeEmail(command.email()), field, reason, conflict);
    }

    void login(LoginCommand command, Message message) {
        StreamName session = StreamName.of("session", command.sessionKey());
        if (store.streamVersion(session) >= 0) {
            return; // a session key is new for each login: this command was handled
        }
        Optional<String> password = box.open(command.sealedPassword());
        UserState user = UserState.fold(store.readStream(StreamName.of("user", IdentityRules.userIdOf(command.email())), 0), types);
        Record outcome;
        if (password.isEmpty()) {
            outcome = new LoginRejected(command.sessionKey(), "the login expired before it was handled");
        } else if (!user.registered()) {
            passwords.spendCheckTime(password.get());
            outcome = new LoginRejected(command.sessionKey(), "unknown e-mail address");
        } else if (!passwords.matches(password.get(), user.passwordHash())) {
            outcome = new LoginRejected(command.sessionKey(), "wrong password");
        } else {
            outcome = new UserLoggedIn(command.sessionKey(), user.userId(), user.email(), user.role());
        }
        microlith.eventBus().dispatch(session, Envelope.follows(message, outcome), ExpectedVersion.noStream());
    }

    void logout(LogoutCommand command, Message message) {
        StreamName session = StreamName.of("session", command.sessionKey());
        List<Message> history = store.readStream(session, 0);
        SessionState state = SessionState.fold(history, types);
        if (state.open()) {
            sessions.put(command.sessionKey(), SessionState.CLOSED);
            microlith.eventBus().dispatch(session, Envelope.follows(message, new UserLoggedOut(command.sessionKey())),
                    ExpectedVersion.exactly(history.getLast().position()));
        }
    }

    CurrentUserResponse currentUser(CurrentUserRequest request) {
        if (request.sessionKey() == null || request.sessionKey().isBlank()) {
            return CurrentUserResponse.anonymous();
        }
        SessionState state = sessions.get(request.sessionKey());
        if (state == null) {
            state = SessionState.fold(store.readStream(StreamName.of("session", request.sessionKey()), 0), types);
            if (state.open()) {
                if (sessions.size() >= MAX_CACHED_SESSIONS) {
                    sessions.clear(); // crude but bounded: sessions are read again on their next request
                }
                sessions.putIfAbsent(request.sessionKey(), state);
            }
        }
        return state.open() ? new CurrentUserResponse(true, state.userId(), state.email(), state.role())
                : CurrentUserResponse.anonymous();
    }

    private static boolean causedBy(List<Message> history, Message command) {
        for (Message event : history) {
            var causation = event.metadata().causation();
            if (causation != null && causation.messageId().equals(command.id())) {
                return true;
            }
        }
        return false;
    }

    /** A user folded from its stream. */
    record UserState(boolean registered, String userId, String email, String passwordHash, String role) {
        static UserState fold(List<Message> history, MessageTypes types) {
            for (Message message : history) {
                if (message.type().equals("UserRegistered")) {
                    UserRegistered r = types.decode(message, UserRegistered.class);
                    return new UserState(true, r.userId(), r.email(), r.passwordHash(), r.role());
                }
            }
            return new UserState(false, null, null, null, null);
        }
    }

    /** A session folded from its stream: open after a login until a logout. */
    record SessionState(boolean open, String userId, String email, String role) {
        static final SessionState CLOSED = new SessionState(false, null, null, null);

        static SessionState fold(List<Message> history, MessageTypes types) {
            SessionState state = new SessionState(false, null, null, null);
            for (Message message : history) {
                switch (message.type()) {
                    case "UserLoggedIn" -> {
                        UserLoggedIn in = types.decode(message, UserLoggedIn.class);
                        state = new SessionState(true, in.userId(), in.email(), in.role());
                    }
                    case "UserLoggedOut" -> state = new SessionState(false, null, null, null);
                    default -> {
                    }
                }
            }
            return state;
        }
    }
}
