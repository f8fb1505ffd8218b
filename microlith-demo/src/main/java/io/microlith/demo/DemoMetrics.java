package io.microlith.demo;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.microlith.Feature;
import io.microlith.demo.web.Refusals;
import io.microlith.metrics.HttpMetrics;
import io.microlith.metrics.MicrolithMetrics;
import io.microlith.store.MessageStore;

import java.util.List;

/**
 * The demo's metrics ({@code microlith-metrics} on a Prometheus registry): the store, every consumer, the waits, the
 * HTTP routes and the refusals of the features' limits ({@link Refusals}), at {@code GET /metrics} in the
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
            if (feature instanceof Refusals limited) {
                for (Refusals.Count count : limited.refusals()) {
                    metrics.refusals(count.limit(), count.name(), count.refused());
                }
            }
        }
        app.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(registry.scrape()));
    }
}
