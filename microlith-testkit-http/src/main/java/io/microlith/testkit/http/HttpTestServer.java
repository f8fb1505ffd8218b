package io.microlith.testkit.http;

import io.javalin.Javalin;

import java.net.URI;
import java.util.Objects;

/**
 * An HTTP app running on a random free port of 127.0.0.1, for end-to-end tests over real HTTP:
 *
 * <pre>{@code
 * try (HttpTestServer server = HttpTestServer.start(app)) {
 *     TestResponse answer = server.client().postJson("/order", "{\"products\":[]}");
 *     assertThat(answer.status()).isEqualTo(202);
 * }
 * }</pre>
 *
 * Closing stops the app (and whatever else {@link #of} was given to stop).
 */
public final class HttpTestServer implements AutoCloseable {
    private final URI base;
    private final AutoCloseable stop;

    private HttpTestServer(URI base, AutoCloseable stop) {
        this.base = base;
        this.stop = stop;
    }

    /** Starts {@code app} on a random port of 127.0.0.1 (unless it is already started) and stops it on close. */
    public static HttpTestServer start(Javalin app) {
        Objects.requireNonNull(app, "app");
        if (app.jettyServer().started()) {
            return of(app.port(), app::stop);
        }
        app.start("127.0.0.1", 0);
        return of(app.port(), app::stop);
    }

    /** A server already listening on {@code port} of 127.0.0.1; {@code stop} runs on close. */
    public static HttpTestServer of(int port, AutoCloseable stop) {
        if (port <= 0) {
            throw new IllegalArgumentException("The server is not listening: port " + port);
        }
        return new HttpTestServer(URI.create("http://127.0.0.1:" + port), stop);
    }

    /** The server's port. */
    public int port() {
        return base.getPort();
    }

    /** {@code http://127.0.0.1:port} followed by {@code path} (which starts with {@code /}). */
    public URI uri(String path) {
        return base.resolve(path);
    }

    /** A new client with its own cookie jar (one per simulated user). */
    public HttpTestClient client() {
        return new HttpTestClient(base);
    }

    @Override
    public void close() {
        try {
            stop.close();
        } catch (Exception e) {
            throw new IllegalStateException("Stopping the test server failed", e);
        }
    }
}
