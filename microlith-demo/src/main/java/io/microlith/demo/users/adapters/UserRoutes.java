package io.microlith.demo.users.adapters;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.microlith.bus.CommandBus;
import io.microlith.bus.Envelope;
import io.microlith.demo.identity.IdentityMessages.CurrentUserResponse;
import io.microlith.demo.identity.IdentityMessages.LogoutCommand;
import io.microlith.demo.identity.Sessions;
import io.microlith.demo.users.application.ProfileChange;
import io.microlith.demo.users.application.Result;
import io.microlith.demo.users.application.UserService;
import io.microlith.demo.users.application.UserService.ProfilePatch;
import io.microlith.demo.web.Params;
import io.microlith.http.HttpProblem;
import io.microlith.http.JsonBody;
import io.microlith.demo.web.WriteLimits;
import io.microlith.http.RateLimit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The user service's HTTP adapter (seed 002): {@code GET /users/{userId}} (now, {@code ?asOf=<ISO-8601 time>} or
 * {@code ?atPosition=<n>}), {@code PATCH /users/{userId}} and {@code GET /users/{userId}/history}, for the profile's
 * owner; anyone else gets 404. {@code DELETE /users/{userId}} forgets the user ("forget me", decision 0087), for the
 * user and for administrators: 204; 401 without a session, 403 for anybody else, 404 for an unknown or already
 * forgotten user. It translates HTTP to the application's use cases and their results back to HTTP, and decides
 * nothing itself.
 */
public final class UserRoutes {
    /** Who administers the application (the admin portal's administrators), and the audit of what they do. */
    public interface Administration {
        /** Nobody administers: only users forget themselves. */
        Administration NONE = new Administration() {
            @Override
            public boolean isAdministrator(CurrentUserResponse user) {
                return false;
            }

            @Override
            public void forgot(CurrentUserResponse administrator, String userId) {
            }
        };

        /** Whether {@code user} is an administrator now. */
        boolean isAdministrator(CurrentUserResponse user);

        /** Records in the administrators' audit trail that {@code administrator} had {@code userId} forgotten. */
        void forgot(CurrentUserResponse administrator, String userId);
    }

    record PatchBody(String displayName, String email, Boolean active) {
    }

    /** A profile's history. */
    public record History(String userId, List<ProfileChange> changes) {
    }

    private final UserService users;
    private final Sessions sessions;
    private final Administration administration;
    private final CommandBus commands;
    private final Consumer<String> disconnect;
    /** Each change of a profile stores events: a user gets 30 at once, then one a second. */
    private final RateLimit changesPerUser = WriteLimits.thirtyThenOneASecond("profile changes from this user");

    /** Routes without administrators, which cannot forget (tests of the other routes). */
    public UserRoutes(UserService users, Sessions sessions) {
        this(users, sessions, Administration.NONE, null, key -> { });
    }

    /**
     * @param administration who may forget other users, and their audit trail
     * @param commands       the command bus, for the logout of a user who forgot themself ({@code null}: none sent)
     * @param disconnect     closes the live streams of a session
     */
    public UserRoutes(UserService users, Sessions sessions, Administration administration, CommandBus commands,
                      Consumer<String> disconnect) {
        this.users = users;
        this.sessions = sessions;
        this.administration = administration;
        this.commands = commands;
        this.disconnect = disconnect;
    }

    public void mount(Javalin app) {
        app.get("/users/{userId}", this::profile);
        app.patch("/users/{userId}", this::change);
        app.get("/users/{userId}/history", this::history);
        app.delete("/users/{userId}", this::forget);
    }

    /**
     * 204 once the user is forgotten (its key deleted); views drop what they showed of it moments later. A user who
     * forgot themself is logged out (cookie cleared, session closed, live streams ended); an administrator's forget of
     * another user goes into the administrators' audit trail. A second DELETE of the same user is a 404: there is no
     * such user any more (decision 0087 says why not 204).
     */
    void forget(Context ctx) {
        CurrentUserResponse user = sessions.requireUser(ctx);
        String userId = Params.uuid(ctx, "userId");
        boolean administrator = !userId.equals(user.userId()) && administration.isAdministrator(user);
        boolean self = answer(users.forget(user.userId(), userId, administrator));
        if (self) {
            Sessions.sessionKey(ctx).ifPresent(key -> {
                if (commands != null) {
                    commands.dispatch(Envelope.correlated(new LogoutCommand(key)));
                }
                disconnect.accept(key);
            });
            Sessions.clearCookie(ctx);
        } else {
            administration.forgot(user, userId);
        }
        ctx.status(204);
    }

    void profile(Context ctx) {
        CurrentUserResponse user = sessions.requireUser(ctx);
        String userId = Params.uuid(ctx, "userId");
        Optional<Instant> asOf = Params.instant(ctx, "asOf");
        Optional<Long> atPosition = ctx.queryParam("atPosition") == null ? Optional.empty()
                : Optional.of(Params.number(ctx, "atPosition", 0, 0, Long.MAX_VALUE));
        ctx.json(answer(users.profile(user.userId(), userId, asOf, atPosition)));
    }

    /** Profile changes refused with 429 so far: for metrics. */
    public long refusedChanges() {
        return changesPerUser.refusedCount();
    }

    /** 200 with the changed profile; 429 with {@code Retry-After} when this user changed profiles too often. */
    void change(Context ctx) {
        CurrentUserResponse user = sessions.requireUser(ctx);
        String userId = Params.uuid(ctx, "userId");
        PatchBody body = JsonBody.read(ctx, PatchBody.class);
        changesPerUser.acquire(user.userId());
        ctx.json(answer(users.change(user.userId(), userId, new ProfilePatch(body.displayName(), body.email(), body.active()))));
    }

    void history(Context ctx) {
        CurrentUserResponse user = sessions.requireUser(ctx);
        String userId = Params.uuid(ctx, "userId");
        ctx.json(new History(userId, answer(users.history(user.userId(), userId))));
    }

    /** The value of a done use case; the refusal as an HTTP problem otherwise. */
    static <T> T answer(Result<T> result) {
        return switch (result) {
            case Result.Done<T> done -> done.value();
            case Result.NotFound<T> notFound -> throw HttpProblem.notFound(notFound.what());
            case Result.Invalid<T> invalid -> throw invalid.field() == null ? HttpProblem.badRequest(invalid.reason())
                    : HttpProblem.invalid(invalid.field(), invalid.reason());
            case Result.Conflict<T> conflict -> throw HttpProblem.conflict(conflict.field(), conflict.reason());
            case Result.Forbidden<T> forbidden -> throw HttpProblem.forbidden(forbidden.why());
        };
    }
}
