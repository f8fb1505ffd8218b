package io.microlith.demo.identity;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.microlith.Microlith;
import io.microlith.bus.Envelope;
import io.microlith.demo.identity.IdentityMessages.CurrentUserResponse;
import io.microlith.demo.identity.IdentityMessages.LoginCommand;
import io.microlith.demo.identity.IdentityMessages.LoginOutcome;
import io.microlith.demo.identity.IdentityMessages.LoginRejected;
import io.microlith.demo.identity.IdentityMessages.LogoutCommand;
import io.microlith.demo.identity.IdentityMessages.RegisterCommand;
import io.microlith.demo.identity.IdentityMessages.RegistrationRejected;
import io.microlith.demo.identity.IdentityMessages.UserLoggedIn;
import io.microlith.demo.identity.IdentityMessages.RegistrationOutcome;
import io.microlith.demo.identity.IdentityMessages.UserRegistered;
import io.microlith.demo.web.WriteLimits;
import io.microlith.http.Answers;
import io.microlith.http.Check;
import io.microlith.http.HttpProblem;
import io.microlith.http.JsonBody;
import io.microlith.http.BusRoutes;
import io.microlith.http.ClientConnection;
import io.microlith.http.CommandIds;
import io.microlith.http.RateLimit;
import io.microlith.http.live.LiveFeed;

import java.time.Duration;

/**
 * {@code /auth/*}: register, log in, log out and "who am I", spread over the buses as seeds 000/001
 * show. The routes check only the shape of the input; the identity component decides.
 */
public final class IdentityRoutes {
    /** The longest password the routes read (bcrypt reads 72 bytes; longer ones are refused by the rules). */
    static final int MAX_PASSWORD_LENGTH = 1024;

    record RegisterBody(String email, String password, String role) {
        RegisterBody {
            email = Check.line("email", email, 254);
            Check.text("password", password, MAX_PASSWORD_LENGTH);
            role = role == null ? "customer" : Check.line("role", role, 20);
        }
    }

    record LoginBody(String email, String password) {
        LoginBody {
            email = Check.line("email", email, 254);
            Check.text("password", password, MAX_PASSWORD_LENGTH);
        }
    }

    /** What {@code /auth/me} and a successful registration answer. */
    public record UserView(String userId, String email, String role) {
    }

    private final Microlith microlith;
    private final Sessions sessions;
    private final SecretBox box;
    private final Duration deadline;
    private final LiveFeed feed;
    private final LoginLimits limits = new LoginLimits();
    /**
     * Each registration stores a user and costs a bcrypt hash: a client address gets 30 at once, then one a second, so
     * one client can neither fill the store with accounts nor keep the processors busy hashing.
     */
    private final RateLimit registrations = WriteLimits.thirtyThenOneASecond("registrations from this address");
    /**
     * Logouts of a session the sessions view does not know as open (made up, ended already, or a login the view has
     * not caught up with yet) are still dispatched, so that the last case is not lost, but each stores a command: a
     * client gets 5 at once, then one every 10 s, so made-up cookies cannot fill the store.
     */
    private final RateLimit logoutsOfNoOpenSession = RateLimit.builder().burst(5).refillEvery(Duration.ofSeconds(10))
            .describedAs("logouts of no open session from this address").build();
    private final UserDirectory directory;

    /** Logins refused with 429 so far (login limits): for metrics. */
    public long loginRefusals() {
        return limits.refusedCount();
    }

    /** Registrations refused with 429 so far: for metrics. */
    public long registrationRefusals() {
        return registrations.refusedCount();
    }

    /** Logouts of no open session refused with 429 so far: for metrics. */
    public long logoutRefusals() {
        return logoutsOfNoOpenSession.refusedCount();
    }

    /** @param directory which user an address names today */
    public IdentityRoutes(Microlith microlith, Sessions sessions, SecretBox box, Duration deadline, LiveFeed feed,
                          UserDirectory directory) {
        this.microlith = microlith;
        this.directory = directory;
        this.sessions = sessions;
        this.box = box;
        this.deadline = deadline;
        this.feed = feed;
    }

    public void mount(Javalin app) {
        app.post("/auth/register", this::register);
        app.post("/auth/login", this::login);
        app.post("/auth/logout", this::logout);
        app.get("/auth/me", this::me);
    }

    /**
     * 201 with the user, 409 when the address is taken, 400 naming the field otherwise; 429 with {@code Retry-After}
     * when this client registered too often ({@link #registrations}).
     */
    void register(Context ctx) {
        RegisterBody body = JsonBody.read(ctx, RegisterBody.class);
        registrations.acquire(ClientConnection.address(ctx));
        var command = CommandIds.of(ctx, "register", ClientConnection.address(ctx)).envelope(new RegisterCommand(
                directory.userIdOf(body.email()), body.email(), box.seal(body.password()), body.role()));
        switch (BusRoutes.request(ctx, microlith.commandBus(), command, RegistrationOutcome.class, deadline, "the registration")) {
            case UserRegistered registered -> Answers.created(ctx, "/auth/me",
                    new UserView(registered.userId(), registered.email(), registered.role()), command.correlationId());
            case RegistrationRejected rejected -> throw rejected.conflict()
                    ? HttpProblem.conflict(rejected.field(), rejected.reason())
                    : HttpProblem.invalid(rejected.field(), rejected.reason());
        }
    }

    /**
     * 200 with a new session cookie; 401, the same answer, for an unknown address or a wrong password; 429 with
     * {@code Retry-After} when this client tried too often ({@link LoginLimits}).
     */
    void login(Context ctx) {
        LoginBody body = JsonBody.read(ctx, LoginBody.class);
        limits.admit(ctx, body.email());
        String sessionId = Sessions.newSessionId();
        var command = Envelope.correlated(new LoginCommand(directory.userIdOf(body.email()), box.seal(body.password()),
                IdentityRules.sessionKey(sessionId)));
        switch (BusRoutes.request(ctx, microlith.commandBus(), command, LoginOutcome.class, deadline, "the login")) {
            case UserLoggedIn loggedIn -> {
                Sessions.setCookie(ctx, sessionId);
                ctx.json(new UserView(loggedIn.userId(), loggedIn.email(), loggedIn.role()));
            }
            case LoginRejected rejected -> throw HttpProblem.unauthorized("Wrong e-mail address or password");
        }
    }

    /**
     * 202: the logout is dispatched without waiting; the cookie is cleared and the session's live streams closed at
     * once. 429 with {@code Retry-After}, the cookie kept and nothing stored, when this client sent too many logouts of
     * sessions that are not open ({@link #logoutsOfNoOpenSession}).
     */
    void logout(Context ctx) {
        String correlationId = Sessions.sessionKey(ctx).map(key -> {
            if (sessions.currentUser(ctx).isEmpty()) {
                logoutsOfNoOpenSession.acquire(ClientConnection.address(ctx));
            }
            String correlation = microlith.commandBus().dispatch(Envelope.correlated(new LogoutCommand(key))).correlationId();
            feed.retire(key, "logged out");
            return correlation;
        }).orElse(null);
        Sessions.clearCookie(ctx);
        Answers.accepted(ctx, null, correlationId);
    }

    /** 200 {userId, email, role} or 401, answered over the query bus. */
    void me(Context ctx) {
        CurrentUserResponse user = sessions.requireUser(ctx);
        ctx.json(new UserView(user.userId(), user.email(), user.role()));
    }
}
