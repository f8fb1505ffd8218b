package io.microlith.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.Key;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.router.EndpointNotFound;
import io.microlith.bus.WaitTimeoutException;
import io.microlith.http.internal.HttpJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Creates a Javalin app with Microlith's HTTP conventions:
 * <ul>
 *   <li>every error is answered as an {@link ApiError} JSON body by one handler of Javalin's
 *       {@link HttpResponseException} family: {@link HttpProblem}s and Javalin's own ({@code NotFoundResponse},
 *       404 for an unknown path, 501 for an unknown method, 413) alike; anything else, {@link Error}s included, as a
 *       500 that is logged and says nothing of its cause; and the errors Jetty raises before Javalin sees the
 *       request (400 for a malformed request, 414, 431, 505) in the same shape;</li>
 *   <li>every answer carries the {@link HttpSettings#securityHeaders()};</li>
 *   <li>a WebSocket upgrade is refused with 403 when it comes from a page of another origin ({@link Origins}) and
 *       with 400 when its {@code Sec-WebSocket-Key} is not 16 bytes in Base64 (RFC 6455);</li>
 *   <li>request bodies larger than {@link HttpSettings#maxRequestBytes()} are refused with 413 before
 *       they are read when they declare their length, and while being read by {@link JsonBody};</li>
 *   <li>handlers run on virtual threads, so a route may block while it waits for an outcome;</li>
 *   <li>responses are not compressed (small JSON bodies; enable it in {@code more} when serving large ones).</li>
 * </ul>
 * Wiring stays explicit: add routes to the returned app, or in {@code more}.
 */
public final class MicrolithHttp {
    /** The header that carries a request's correlation id back to the client. */
    public static final String CORRELATION_ID = "X-Correlation-Id";

    private static final Key<HttpSettings> SETTINGS = new Key<>("microlith.http.settings");
    private static final Logger LOG = LoggerFactory.getLogger(MicrolithHttp.class);

    private MicrolithHttp() {
    }

    /** An app with default settings. */
    public static Javalin create(Consumer<JavalinConfig> more) {
        return create(HttpSettings.defaults(), more);
    }

    /** An app with the given settings; {@code more} may change any other Javalin setting. */
    public static Javalin create(HttpSettings settings, Consumer<JavalinConfig> more) {
        Javalin app = Javalin.create(config -> {
            config.useVirtualThreads = true;
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.http.maxRequestSize = settings.maxRequestBytes();
            config.jsonMapper(new JavalinJackson(HttpJson.MAPPER, true));
            // Answers are small JSON bodies; Javalin's default compression cost about 90 us of CPU per
            // request in docs/benchmarks.md (a third of POST /order). Re-enable it in `more`.
            config.http.disableCompression();
            config.appData(SETTINGS, settings);
            // Live channels send their own heartbeats; an idle socket is closed after this.
            config.jetty.modifyWebSocketServletFactory(factory -> factory.setIdleTimeout(Duration.ofMinutes(5)));
            // Jetty answers what it cannot parse (and what escapes the servlet) itself: in our shape too
            SecurityHeaders headers = settings.securityHeaders();
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrorHandler(headers)));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JettyErrorHandler(headers)));
            more.accept(config);
        });
        install(app, settings);
        return app;
    }

    /** The settings of the app serving {@code ctx}. */
    public static HttpSettings settings(Context ctx) {
        try {
            return ctx.appData(SETTINGS);
        } catch (RuntimeException notCreatedHere) {
            return HttpSettings.defaults();
        }
    }

    /**
     * Answers {@code problem} (an {@link HttpProblem} or one of Javalin's own responses) as an {@link ApiError}
     * JSON body. Javalin's 413 names the app's body limit.
     */
    public static void answer(Context ctx, HttpResponseException problem) {
        ApiError body = ApiError.of(ofJavalin(ctx, problem));
        HttpProblem.retryAfterSeconds(problem).ifPresent(seconds -> ctx.header("Retry-After", Long.toString(seconds)));
        if (ctx.header("Sec-WebSocket-Key") != null) {
            refuseUpgrade(ctx, body);
            return;
        }
        ctx.status(body.status()).json(body);
    }

    /** Javalin writes no result for a WebSocket upgrade it did not complete: the refusal's body is written here. */
    private static void refuseUpgrade(Context ctx, ApiError body) {
        settings(ctx).securityHeaders().headers().forEach(ctx::header);
        try {
            byte[] json = HttpJson.MAPPER.writeValueAsBytes(body);
            ctx.res().setStatus(body.status());
            ctx.res().setContentType("application/json");
            ctx.res().setContentLength(json.length);
            ctx.res().getOutputStream().write(json);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not answer a refused WebSocket upgrade", e);
        }
    }

    /** Javalin's own responses whose message says too much or too little, in our words. */
    private static HttpResponseException ofJavalin(Context ctx, HttpResponseException problem) {
        if (problem instanceof HttpProblem) {
            return problem;
        }
        if (problem instanceof EndpointNotFound) {
            return ctx.method() == HandlerType.INVALID
                    ? new HttpProblem(501, null, "This method is not supported", null)
                    : HttpProblem.notFound("Nothing at " + ctx.method() + " " + Quote.of(ctx.path()));
        }
        if (problem.getStatus() == 413) {
            return HttpProblem.tooLarge(settings(ctx).maxRequestBytes());
        }
        return problem;
    }

    private static void install(Javalin app, HttpSettings settings) {
        app.before(ctx -> {
            settings.securityHeaders().headers().forEach(ctx::header);
            if (settings.securityHeaders().strictTransportSecurity() != null && ClientConnection.isHttps(ctx)) {
                ctx.header("Strict-Transport-Security", settings.securityHeaders().strictTransportSecurity());
            }
            if (ctx.req().getContentLengthLong() > settings.maxRequestBytes()) {
                throw HttpProblem.tooLarge(settings.maxRequestBytes());
            }
        });
        app.wsBeforeUpgrade(ctx -> {
            Origins.require(ctx);
            WebSocketKeys.require(ctx.header("Sec-WebSocket-Key"));
        });
        // A route that waited on the buses without a deadline of its own: the outcome did not come in time.
        app.exception(WaitTimeoutException.class, (e, ctx) -> answer(ctx,
                HttpProblem.timeout("correlation " + e.correlationId() + " (" + String.join(" or ", e.types()) + ")", e.waited())));
        // One handler for the whole family: our HttpProblems and Javalin's own responses.
        app.exception(HttpResponseException.class, (problem, ctx) -> answer(ctx, problem));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("Unexpected failure in {} {}", ctx.method(), ctx.path(), e);
            answer(ctx, new HttpProblem(500, "internal_error", "The server failed to answer this request", null));
        });
        // Javalin answers unknown paths and methods itself, and an Error only with a status; give them the same shape.
        app.error(404, ctx -> {
            if (!isJson(ctx)) {
                answer(ctx, HttpProblem.notFound("Nothing at " + ctx.method() + " " + Quote.of(ctx.path())));
            }
        });
        app.error(405, ctx -> {
            if (!isJson(ctx)) {
                answer(ctx, new HttpProblem(405, "method_not_allowed",
                        ctx.method() + " is not allowed on " + Quote.of(ctx.path()), null));
            }
        });
        app.error(500, ctx -> {
            if (!isJson(ctx)) {
                answer(ctx, new HttpProblem(500, "internal_error", "The server failed to answer this request", null));
            }
        });
    }

    private static boolean isJson(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith("application/json") && ctx.result() != null && !ctx.result().isEmpty();
    }
}
