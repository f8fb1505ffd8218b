package io.microlith.demo;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.microlith.Feature;
import io.microlith.demo.identity.IdentityFeature;
import io.microlith.demo.orders.OrdersFeature;
import io.microlith.demo.users.UsersFeature;
import io.microlith.demo.videos.VideosFeature;
import io.microlith.metrics.HttpMetrics;
import io.microlith.metrics.MicrolithMetrics;
import io.microlith.store.MessageStore;

import java.util.List;

/**
 * The demo's metrics ({@code microlith-metrics} on a Prometheus registry): the store, every consumer, the waits, the
 * HTTP routes and the refusals of the login limits and the orders' back-pressure, at {@code GET /metrics} in the
 * Prometheus text format. Open like the pages: put it behind the proxy's access rules when the demo faces the internet.
 */
final class DemoMetrics {
    /** The Prometheus text format's content type. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MicrolithMetrics metrics = new MicrolithMetrics(registry);

    /** The store, metered as {@code store=main}. */
    MessageStore meter(MessageStore store) {
        return metrics.meter(store, "main");
    }

    /** The feature that meters every consumer and the waits. */
    Feature feature() {
        return metrics;
    }

    /** Meters the app's requests by route and status. */
    void install(JavalinConfig config) {
        HttpMetrics.install(config, registry);
    }

    /** {@code GET /metrics}, and the refusal counters of the features that have them. */
    void mount(Javalin app, List<Feature> features) {
        for (Feature feature : features) {
            if (feature instanceof OrdersFeature orders) {
                metrics.refusals("back-pressure", "orders", orders::refusedCommands);
                metrics.refusals("rate-limit", "orders", orders::refusedOrdersOfOneUser);
            } else if (feature instanceof IdentityFeature identity) {
                metrics.refusals("rate-limit", "login", identity::loginRefusals);
                metrics.refusals("rate-limit", "logout", identity::logoutRefusals);
                metrics.refusals("rate-limit", "register", identity::registrationRefusals);
            } else if (feature instanceof VideosFeature videos) {
                metrics.refusals("rate-limit", "viewing", videos::viewingRefusals);
                metrics.refusals("rate-limit", "video-changes", videos::refusedVideoChanges);
            } else if (feature instanceof UsersFeature users) {
                metrics.refusals("rate-limit", "profile-changes", users::refusedProfileChanges);
            }
        }
        app.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(registry.scrape()));
    }
}
