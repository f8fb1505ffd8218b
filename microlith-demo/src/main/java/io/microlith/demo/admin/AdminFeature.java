package io.microlith.demo.admin;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.microlith.Microlith;
import io.microlith.MicrolithConfig;
import io.microlith.demo.DemoSettings;
import io.microlith.bus.Envelope;
import io.microlith.demo.admin.AdminMessages.AdminEvent;
import io.microlith.demo.admin.AdminMessages.UserForgottenByAdministrator;
import io.microlith.demo.users.adapters.UserRoutes.Administration;
import io.microlith.demo.identity.IdentityMessages.CurrentUserResponse;
import io.microlith.demo.identity.Sessions;
import io.microlith.demo.web.Pages;
import io.microlith.http.HttpFeature;
import io.microlith.http.JsonBody;

/**
 * The admin portal ({@code /admin}): the store's categories, streams and messages, the causal chain of a request,
 * this process's consumers with a live chart of lag and throughput, parked messages with retry and skip, and view
 * rebuilds with their progress — for administrators only ({@link Administrators}: 401 without a session, 403 for
 * anybody else). The page is plain HTML and JavaScript over the JSON API at {@code /admin/api/*}.
 *
 * <p>It hears every consumer of the process from the start ({@link ConsumerMonitor}, a consumer listener added in
 * {@link #configure}), whatever roles run; the routes are mounted where the {@code web} role runs, and show that
 * process's consumers.
 */
public final class AdminFeature implements HttpFeature, Administration {
    /** The category of the administrators' streams ({@code admin-<userId>}): confirmations and the audit trail. */
    public static final String CATEGORY = "admin";

    /** The body of {@code POST /admin/api/confirm}. */
    record Code(String code) {
    }

    /** Who the administrator is, for the page. */
    record Me(String userId, String email) {
        static Me of(CurrentUserResponse user) {
            return new Me(user.userId(), user.email());
        }
    }

    private final DemoSettings settings;
    private final ConsumerMonitor monitor = new ConsumerMonitor();
    private Microlith microlith;
    private Administrators administrators;

    public AdminFeature(DemoSettings settings) {
        this.settings = settings;
    }

    @Override
    public void configure(MicrolithConfig config) {
        config.route(AdminEvent.class, CATEGORY, AdminEvent::userId).consumerListeners(monitor);
    }

    @Override
    public void wire(Microlith microlith) {
        this.microlith = microlith;
        if (settings.runs("web")) {
            monitor.watch(microlith);
            microlith.register(monitor);
        }
    }

    @Override
    public void mount(Javalin app) {
        Sessions sessions = new Sessions(microlith.queryBus());
        administrators = new Administrators(microlith, sessions, settings.admins());
        app.get("/admin/api/me", ctx -> ctx.json(Me.of(administrators.require(ctx))));
        app.post("/admin/api/confirm", ctx -> {
            sessions.requireUser(ctx); // 401 before the body is looked at
            ctx.json(Me.of(administrators.confirm(ctx, JsonBody.read(ctx, Code.class).code())));
        });
        new StoreRoutes(microlith, administrators, monitor).mount(app);
        new ConsumerRoutes(microlith, administrators, monitor).mount(app);
        new ViewRoutes(microlith, administrators).mount(app);
        String page = Pages.read("/web/admin.html");
        app.get("/admin", ctx -> page(ctx, page));
        administrators.announce();
    }

    /**
     * The page, answered with the status the API would give (401, 403 or 200), so that a browser shows the page (which
     * then asks to log in, or for the code) while a script gets the same JSON errors as from the API.
     */
    private void page(Context ctx, String page) {
        int status = 200;
        try {
            administrators.require(ctx);
        } catch (HttpResponseException refused) {
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains("text/html")) {
                throw refused;
            }
            status = refused.getStatus();
        }
        ctx.status(status).html(page);
    }

    /** Whether {@code user} is an administrator; nobody is before the web routes are mounted, or without the web role. */
    @Override
    public boolean isAdministrator(CurrentUserResponse user) {
        Administrators admins = administrators;
        return admins != null && admins.isAdministrator(user);
    }

    /** The audit of a forget: in the administrator's stream, beside their other actions. */
    @Override
    public void forgot(CurrentUserResponse administrator, String userId) {
        microlith.eventBus().dispatch(Envelope.correlated(
                new UserForgottenByAdministrator(administrator.userId(), administrator.email(), userId)));
    }

    /** The administrators, once the web routes are mounted ({@code null} before, and without the web role). */
    public Administrators administrators() {
        return administrators;
    }

    /** What the portal knows of this process's consumers. */
    public ConsumerMonitor monitor() {
        return monitor;
    }
}
