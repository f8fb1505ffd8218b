package io.microlith.demo.identity;

import io.javalin.Javalin;
import io.microlith.Microlith;
import io.microlith.MicrolithConfig;
import io.microlith.component.Decider;
import io.microlith.demo.DemoSettings;
import io.microlith.demo.identity.IdentityMessages.LoginCommand;
import io.microlith.demo.identity.IdentityMessages.LogoutCommand;
import io.microlith.demo.identity.IdentityMessages.RegisterCommand;
import io.microlith.demo.identity.IdentityMessages.SessionCommand;
import io.microlith.demo.identity.IdentityMessages.SessionEvent;
import io.microlith.demo.identity.IdentityMessages.UserEvent;
import io.microlith.demo.identity.Logins.Session;
import io.microlith.demo.identity.Users.User;
import io.microlith.http.HttpFeature;
import io.microlith.http.live.LiveFeed;

import java.time.Clock;

/**
 * Identity (seeds 000/001): registration, login, logout and "who am I", spread over the three buses as the seeds
 * show. The {@code identity} role runs the two components (users, sessions); every process answers the current-user
 * query; the {@code web} role mounts {@code /auth/*}.
 */
public final class IdentityFeature implements HttpFeature {
    private final DemoSettings settings;
    private final SecretBox box;
    private final Passwords passwords;
    private final LiveFeed feed;
    private Microlith microlith;
    private IdentityRoutes routes;

    /** @param feed the live streams, which a logout closes for its session */
    public IdentityFeature(DemoSettings settings, SecretBox box, LiveFeed feed) {
        this.settings = settings;
        this.box = box;
        this.feed = feed;
        this.passwords = new Passwords(settings.bcryptCost());
    }

    @Override
    public void configure(MicrolithConfig config) {
        config.route(RegisterCommand.class, "identity:command", RegisterCommand::userId)
                .route(LoginCommand.class, "identity:command", login -> IdentityRules.userIdOf(login.email()))
                .route(LogoutCommand.class, "identity:command", LogoutCommand::sessionKey)
                .route(UserEvent.class, "user", UserEvent::userId)
                .route(SessionEvent.class, "session", SessionEvent::sessionKey);
    }

    @Override
    public void wire(Microlith microlith) {
        this.microlith = microlith;
        microlith.register(new CurrentUsers(microlith,
                new SessionExpiry(settings.sessionIdle(), settings.sessionMax(), Clock.systemUTC()),
                sessionKey -> feed.disconnect(sessionKey, "session expired")));
        if (settings.runs("identity")) {
            var users = microlith.component(Decider.of(User.NONE, new Users(box::open, passwords::hash)::decide, Users::evolve))
                    .commands(RegisterCommand.class, RegisterCommand::userId)
                    .entities(UserEvent.class)
                    .subscribe();
            var logins = new Logins(box::open, userId -> users.entities().fetch(userId).state(), passwords::matches,
                    Clock.systemUTC());
            microlith.component(Decider.of(Session.NEW, logins::decide, Logins::evolve))
                    .commands(SessionCommand.class, SessionCommand::sessionKey)
                    .entities(SessionEvent.class)
                    .subscribe();
        }
    }

    /** Logins refused with 429 so far (0 before {@link #mount}): for metrics. */
    public long loginRefusals() {
        return routes == null ? 0 : routes.loginRefusals();
    }

    @Override
    public void mount(Javalin app) {
        routes = new IdentityRoutes(microlith, new Sessions(microlith.queryBus()), box, settings.deadline(), feed);
        routes.mount(app);
    }
}
