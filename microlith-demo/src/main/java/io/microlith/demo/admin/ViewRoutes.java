package io.microlith.demo.admin;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.microlith.Microlith;
import io.microlith.bus.Envelope;
import io.microlith.demo.admin.AdminMessages.ViewRebuildStarted;
import io.microlith.demo.identity.IdentityMessages.CurrentUserResponse;
import io.microlith.http.Answers;
import io.microlith.http.HttpProblem;
import io.microlith.jdbc.BlueGreenView;
import io.microlith.jdbc.RebuildProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The views this process keeps in two copies ({@link BlueGreenView}), and their rebuild from the store while the active
 * copy serves; the portal polls the progress. Starting a rebuild is audited.
 */
final class ViewRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ViewRoutes.class);

    /** How far a rebuild has come. */
    record Progress(long position, long target, long messages, long elapsedMs, double fraction, boolean done) {
        static Progress of(RebuildProgress report) {
            return new Progress(report.position(), report.target(), report.messages(), report.elapsed().toMillis(),
                    report.fraction(), report.done());
        }
    }

    /** A view: the copy that serves, whether a rebuild runs, and its last report. */
    record ViewStatus(String view, String active, boolean rebuilding, Progress progress) {
        static ViewStatus of(BlueGreenView view) {
            return new ViewStatus(view.view(), view.active().suffix(), view.rebuilding(),
                    view.lastProgress().map(Progress::of).orElse(null));
        }
    }

    record Views(List<ViewStatus> views) {
    }

    private final Microlith microlith;
    private final Administrators admins;

    ViewRoutes(Microlith microlith, Administrators admins) {
        this.microlith = microlith;
        this.admins = admins;
    }

    void mount(Javalin app) {
        app.get("/admin/api/views", ctx -> {
            admins.require(ctx);
            ctx.json(new Views(microlith.registered(BlueGreenView.class).stream().map(ViewStatus::of).toList()));
        });
        app.get("/admin/api/views/{view}", ctx -> {
            admins.require(ctx);
            ctx.json(ViewStatus.of(view(ctx)));
        });
        app.post("/admin/api/views/{view}/rebuild", this::rebuild);
    }

    private BlueGreenView view(Context ctx) {
        String name = ctx.pathParam("view");
        return microlith.registered(BlueGreenView.class).stream().filter(v -> v.view().equals(name)).findFirst()
                .orElseThrow(() -> HttpProblem.notFound("This process keeps no view named '"
                        + (name.length() > 100 ? name.substring(0, 100) + "…" : name) + "'"));
    }

    /** 202 with the view's status at {@code Location}; 409 while a rebuild of it runs. */
    private void rebuild(Context ctx) {
        CurrentUserResponse admin = admins.require(ctx);
        BlueGreenView view = view(ctx);
        try {
            view.rebuildAsync(report -> LOG.info("Rebuilding view {}: global position {} of {} ({}%)", view.view(),
                            report.position(), report.target(), Math.round(report.fraction() * 100)))
                    .whenComplete((last, failure) -> {
                        if (failure != null) {
                            LOG.warn("The rebuild of view {} failed; the old copy keeps serving: {}", view.view(), failure.toString());
                        }
                    });
        } catch (IllegalStateException running) {
            throw HttpProblem.conflict(null, "View " + view.view() + " is being rebuilt already");
        }
        microlith.eventBus().dispatch(Envelope.correlated(new ViewRebuildStarted(admin.userId(), admin.email(), view.view())));
        Answers.accepted(ctx, "/admin/api/views/" + view.view(), null);
    }
}
