package io.microlith.demo.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.microlith.demo.web.Refusals;
import io.microlith.Microlith;
import io.microlith.MicrolithConfig;
import io.microlith.component.Decider;
import io.microlith.demo.DemoSettings;
import io.microlith.demo.identity.IdentityMessages.LoginCommand;
import io.microlith.demo.identity.IdentityMessages.LogoutCommand;
import io.microlith.demo.identity.IdentityMessages.SessionCommand;
import io.microlith.demo.identity.IdentityMessages.SessionEvent;
import io.microlith.demo.identity.IdentityMessages.UserCommand;
import io.microlith.demo.identity.IdentityMessages.UserEvent;
import io.microlith.demo.identity.Logins.Session;
import io.microlith.demo.identity.Users.User;
import io.microlith.entity.EntityStore;
import io.microlith.entity.Projection;
import io.microlith.http.HttpFeature;
import io.microlith.http.live.LiveFeed;
import io.microlith.privacy.InMemorySubjectKeyStore;
import io.microlith.privacy.SubjectKeyStore;

import java.util.List;
import java.time.Clock;

/**
 * Identity (seeds 000/001): registration, login, logout, "who am I" and forgetting a user, spread over the three buses
 * as the seeds show. The {@code identity} role runs the two components (users, sessions); every process answers the
 * current-user query; the {@code web} role mounts {@code /auth/*}.
 *
 * <p>Identity keeps the users' keys ({@link SubjectKeyStore}, decisions 0086 and 0087): it configures them for every
 * feature's personal data, and deletes a user's key when it forgets the user.
 */
public final class IdentityFeature implements HttpFeature, Refusals {
    private final DemoSettings settings;
    private final SecretBox box;
    private final Passwords passwords;
    private final LiveFeed feed;
    private final SubjectKeyStore keys;
    private Microlith microlith;
    private IdentityRoutes routes;
    private UserDirectory directory;

    /** The feature with its keys in memory (tests: they are lost with the process). */
    public IdentityFeature(DemoSettings settings, SecretBox box, LiveFeed feed) {
        this(settings, box, feed, new InMemorySubjectKeyStore());
    }

    /**
     * @param feed the live streams, which a logout closes for its session
     * @param keys the users' keys, for the personal data of every feature's messages
     */
    public IdentityFeature(DemoSettings settings, SecretBox box, LiveFeed feed, SubjectKeyStore keys) {
        this.settings = settings;
        this.box = box;
        this.feed = feed;
        this.keys = keys;
        this.passwords = new Passwords(settings.bcryptCost());
    }

    @Override
    public void configure(MicrolithConfig config) {
        config.personalData(keys)
                .route(UserCommand.class, "identity:command", UserCommand::userId)
                .route(LoginCommand.class, "identity:command", LoginCommand::userId)
                .route(LogoutCommand.class, "identity:command", LogoutCommand::sessionKey)
                .route(UserEvent.class, "user", UserEvent::userId)
                .route(SessionEvent.class, "session", SessionEvent::sessionKey)
                // version 1 of a login named the address; version 2 names the user (decision 0087), so that no login
                // command holds an address: one stored before is read with the user its address named then
                .upcast(LoginCommand.class, 1, data -> {
                    JsonNode email = data.remove("email");
                    data.put("userId", IdentityRules.userIdOf(email == null ? "" : email.asText()));
                    return data;
                });
    }

    @Override
    public void wire(Microlith microlith) {
        this.microlith = microlith;
        EntityStore<User> users = microlith.entities("user",
                Projection.of(microlith.types(), User.NONE, UserEvent.class, Users::evolve)).build();
        this.directory = new UserDirectory(userId -> users.fetch(userId).state());
        microlith.register(new CurrentUsers(microlith, directory,
                new SessionExpiry(settings.sessionIdle(), settings.sessionMax(), Clock.systemUTC()),
                sessionKey -> feed.retire(sessionKey, "session expired")));
        if (settings.runs("identity")) {
            var component = microlith.component(Decider.of(User.NONE,
                            new Users(box::open, passwords::hash, keys::forget)::decide, Users::evolve))
                    .commands(UserCommand.class, UserCommand::userId)
                    .entities(UserEvent.class)
                    .subscribe();
            var logins = new Logins(box::open, userId -> component.entities().fetch(userId).state(), passwords::matches,
                    Clock.systemUTC());
            microlith.component(Decider.of(Session.NEW, logins::decide, Logins::evolve))
                    .commands(SessionCommand.class, SessionCommand::sessionKey)
                    .entities(SessionEvent.class)
                    .subscribe();
        }
    }

    /** Which user an address names today (after {@link #wire}). */
    public UserDirectory directory() {
        return directory;
    }

    @Override
    public List<Count> refusals() {
        return List.of(Count.rateLimit("login", () -> routes == null ? 0 : routes.loginRefusals()),
                Count.rateLimit("logout", () -> routes == null ? 0 : routes.logoutRefusals()),
                Count.rateLimit("register", () -> routes == null ? 0 : routes.registrationRefusals()));
    }

    @Override
    public void mount(Javalin app) {
        routes = new IdentityRoutes(microlith, new Sessions(microlith.queryBus()), box, settings.deadline(), feed, directory);
        routes.mount(app);
    }
}
