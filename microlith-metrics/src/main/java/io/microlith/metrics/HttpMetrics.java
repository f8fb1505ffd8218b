package io.microlith.metrics;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.RequestLogger;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Meters a Javalin app's requests as Micrometer's {@value MetricNames#HTTP_REQUESTS} timer, tagged {@code method},
 * {@code uri} (the route's path, such as {@code /order/{id}}, never the request's own path: a client cannot make up
 * new tags), {@code status} and {@code outcome} ({@code SUCCESS}, {@code CLIENT_ERROR}, ...). A request no route
 * matched is {@code uri=NOT_FOUND} for a 404 and {@code uri=UNKNOWN} otherwise (static files, refusals before a
 * route), as Spring's metrics name them. Needs Javalin on the class path (an optional dependency of this module).
 *
 * <pre>{@code
 * Javalin app = Javalin.create(config -> HttpMetrics.install(config, registry));
 * }</pre>
 */
public final class HttpMetrics {
    private HttpMetrics() {
    }

    /** Meters every request of the app; takes Javalin's request logger (see {@link #requestLogger} to keep one). */
    public static void install(JavalinConfig config, MeterRegistry registry) {
        config.requestLogger.http(requestLogger(registry, null));
    }

    /** A request logger that meters each request, then hands it to {@code next} ({@code null}: none). */
    public static RequestLogger requestLogger(MeterRegistry registry, RequestLogger next) {
        Objects.requireNonNull(registry, "registry");
        return (ctx, millis) -> {
            int status = ctx.statusCode();
            Timer.builder(MetricNames.HTTP_REQUESTS).description("HTTP requests answered")
                    .tags("method", ctx.method().name(), "uri", route(ctx, status), "status", Integer.toString(status),
                            "outcome", outcome(status))
                    .register(registry).record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
            if (next != null) {
                next.handle(ctx, millis);
            }
        };
    }

    private static String route(Context ctx, int status) {
        String route;
        try {
            route = ctx.endpointHandlerPath();
        } catch (RuntimeException noEndpoint) {
            route = null;
        }
        if (route == null || route.isEmpty() || route.equals("*")) {
            return status == HttpStatus.NOT_FOUND.getCode() ? "NOT_FOUND" : "UNKNOWN";
        }
        return route;
    }

    private static String outcome(int status) {
        return switch (status / 100) {
            case 1 -> "INFORMATIONAL";
            case 2 -> "SUCCESS";
            case 3 -> "REDIRECTION";
            case 4 -> "CLIENT_ERROR";
            case 5 -> "SERVER_ERROR";
            default -> "UNKNOWN";
        };
    }
}
