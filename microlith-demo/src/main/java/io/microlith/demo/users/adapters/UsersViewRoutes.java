package io.microlith.demo.users.adapters;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.microlith.demo.identity.IdentityMessages.CurrentUserResponse;
import io.microlith.demo.identity.Sessions;
import io.microlith.http.Answers;
import io.microlith.http.HttpProblem;
import io.microlith.jdbc.BlueGreenView;
import io.microlith.jdbc.RebuildProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.Set;

/**
 * Seed 002's projection replay, for administrators (the addresses named with {@code --admins}):
 * {@code POST /admin/users-view/rebuild} rebuilds the users view's other copy from the store while the application keeps
 * reading the current one, then switches (202: it runs in the background); {@code GET /admin/users-view} tells which
 * copy serves and how far a rebuild has come. The progress is logged too.
 */
public final class UsersViewRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(UsersViewRoutes.class);

    /** How far a rebuild has come. */
    public record Progress(long position, long target, long messages, long elapsedMs, double fraction, boolean done) {
        static Progress of(RebuildProgress report) {
            return new Progress(report.position(), report.target(), report.messages(), report.elapsed().toMillis(),
                    report.fraction(), report.done());
        }
    }

    /** The view's state: the copy that serves, whether a rebuild runs, and its last report. */
    public record Status(String view, String active, boolean rebuilding, Progress progress) {
    }

    private final Optional<BlueGreenView> view;
    private final Sessions sessions;
    private final Set<String> admins;

    /** @param view the users view, or empty when this process keeps none */
    public UsersViewRoutes(Optional<BlueGreenView> view, Sessions sessions, Set<String> admins) {
        this.view = view;
        this.sessions = sessions;
        this.admins = admins;
    }

    public void mount(Javalin app) {
        app.get("/admin/users-view", ctx -> ctx.json(status(requireView(ctx))));
        app.post("/admin/users-view/rebuild", this::rebuild);
    }

    /** 202 with the status; 409 while a rebuild runs. */
    void rebuild(Context ctx) {
        BlueGreenView users = requireView(ctx);
        try {
            users.rebuildAsync(report -> {
                if (report.done()) {
                    LOG.info("Users view rebuilt: {} messages up to global position {} in {} ms; switching", report.messages(),
                            report.position(), report.elapsed().toMillis());
                } else {
                    LOG.info("Rebuilding the users view: global position {} of {} ({}%)", report.position(), report.target(),
                            Math.round(report.fraction() * 100));
                }
            }).whenComplete((last, failure) -> {
                if (failure != null) {
                    LOG.warn("The rebuild of the users view failed; the old copy keeps serving: {}", failure.toString());
                }
            });
        } catch (IllegalStateException running) {
            throw HttpProblem.conflict(null, "The users view is being rebuilt already; see GET /admin/users-view");
        }
        Answers.accepted(ctx, "/admin/users-view", null);
    }

    private BlueGreenView requireView(Context ctx) {
        CurrentUserResponse user = sessions.requireUser(ctx);
        if (!admins.contains(user.email())) {
            throw HttpProblem.forbidden("Only the administrators named with --admins may manage views");
        }
        return view.orElseThrow(() -> HttpProblem.notFound("This process keeps no users view (it runs without the views role)"));
    }

    private static Status status(BlueGreenView users) {
        return new Status(users.view(), users.active().suffix(), users.rebuilding(),
                users.lastProgress().map(Progress::of).orElse(null));
    }
}
