package io.microlith.demo.users.adapters;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.microlith.demo.identity.IdentityMessages.CurrentUserResponse;
import io.microlith.demo.identity.Sessions;
import io.microlith.demo.users.application.ProfileChange;
import io.microlith.demo.users.application.Result;
import io.microlith.demo.users.application.UserService;
import io.microlith.demo.users.application.UserService.ProfilePatch;
import io.microlith.demo.web.Params;
import io.microlith.http.HttpProblem;
import io.microlith.http.JsonBody;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The user service's HTTP adapter (seed 002): {@code GET /users/{userId}} (now, {@code ?asOf=<ISO-8601 time>} or
 * {@code ?atPosition=<n>}), {@code PATCH /users/{userId}} and {@code GET /users/{userId}/history}, for the profile's
 * owner; anyone else gets 404. It translates HTTP to the application's use cases and their results back to HTTP, and
 * decides nothing itself.
 */
public final class UserRoutes {
    record PatchBody(String displayName, String email, Boolean active) {
    }

    /** A profile's history. */
    public record History(String userId, List<ProfileChange> changes) {
    }

    private final UserService users;
    private final Sessions sessions;

    public UserRoutes(UserService users, Sessions sessions) {
        this.users = users;
        this.sessions = sessions;
    }

    public void mount(Javalin app) {
        app.get("/users/{userId}", this::profile);
        app.patch("/users/{userId}", this::change);
        app.get("/users/{userId}/history", this::history);
    }

    void profile(Context ctx) {
        CurrentUserResponse user = sessions.requireUser(ctx);
        String userId = Params.uuid(ctx, "userId");
        Optional<Instant> asOf = Params.instant(ctx, "asOf");
        Optional<Long> atPosition = ctx.queryParam("atPosition") == null ? Optional.empty()
                : Optional.of(Params.number(ctx, "atPosition", 0, 0, Long.MAX_VALUE));
        ctx.json(answer(users.profile(user.userId(), userId, asOf, atPosition)));
    }

    void change(Context ctx) {
        CurrentUserResponse user = sessions.requireUser(ctx);
        String userId = Params.uuid(ctx, "userId");
        PatchBody body = JsonBody.read(ctx, PatchBody.class);
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
        };
    }
}
