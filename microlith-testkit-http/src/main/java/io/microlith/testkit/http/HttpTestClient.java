package io.microlith.testkit.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A client of one {@link HttpTestServer}, with its own cookie jar (so one client is one logged-in
 * user). Every call blocks until the answer is complete, with a 30 s safety timeout, and never
 * throws for an error status: tests assert on {@link TestResponse#status()}.
 */
public final class HttpTestClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final Map<String, String> headers = new ConcurrentHashMap<>();
    private final HttpClient http;

    HttpTestClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** GET {@code path}. */
    public TestResponse get(String path) {
        return send(request(path).GET());
    }

    /** POST {@code json} (text) with {@code Content-Type: application/json}. */
    public TestResponse postJson(String path, String json) {
        return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** POST {@code body} written as JSON. */
    public TestResponse postJson(String path, Object body) {
        return postJson(path, write(body));
    }

    /** POST raw bytes with the given content type ({@code null}: no Content-Type header). */
    public TestResponse post(String path, String contentType, byte[] body) {
        HttpRequest.Builder builder = request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder);
    }

    /** POST with an empty body. */
    public TestResponse post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** PATCH {@code json} (text) with {@code Content-Type: application/json}. */
    public TestResponse patchJson(String path, String json) {
        return send(request(path).method("PATCH", HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json"));
    }

    /** DELETE {@code path}. */
    public TestResponse delete(String path) {
        return send(request(path).DELETE());
    }

        /** A request to {@code path} to finish and {@link #send}, for methods and headers not covered above. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
        headers.forEach(builder::header);
        return builder;
    }

    /**
     * Sends {@code header: value} with every later request of this client, WebSockets and event streams included
     * (e.g. an {@code Origin}, a {@code X-Forwarded-Proto}); {@code null} stops sending it.
     */
    public HttpTestClient header(String name, String value) {
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
        return this;
    }

    /**
     * Sends {@code request} as it is, bytes in ISO-8859-1, over a new connection, and reads one answer: for what a
     * well-behaved client cannot send (a malformed request line, a 20 KB header, {@code HTTP/3.7}). Reads the body
     * by its {@code Content-Length}, else to the end of the connection; fails the test when nothing comes within
     * 10 seconds.
     */
    public TestResponse raw(String request) {
        return RawExchange.send(base, request.getBytes(StandardCharsets.ISO_8859_1), Duration.ofSeconds(10));
    }

    /** Sends a request built with {@link #request}. */
    public TestResponse send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new TestResponse(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new AssertionError("Request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    /** Opens a Server-Sent-Events stream at {@code path}; check {@link SseStream#status()} for a refusal. */
    public SseStream sse(String path) {
        try {
            HttpResponse<Stream<String>> response = http.send(request(path).timeout(Duration.ofDays(1))
                    .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
            return new SseStream(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new AssertionError("Opening the event stream failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    /** Opens a WebSocket at {@code path}, sending this client's cookies; fails the test when refused. */
    public WebSocketStream webSocket(String path) {
        WebSocketStream stream = new WebSocketStream();
        try {
            WebSocket socket = webSocketBuilder(path).buildAsync(wsUri(path), stream.listener()).join();
            stream.opened(socket);
            return stream;
        } catch (CompletionException e) {
            throw new AssertionError("The WebSocket at " + path + " was refused: " + e.getCause(), e.getCause());
        }
    }

    /** The HTTP status with which the server refuses a WebSocket at {@code path}; fails when it accepts. */
    public int webSocketRefusal(String path) {
        WebSocketStream stream = new WebSocketStream();
        try {
            WebSocket socket = webSocketBuilder(path).buildAsync(wsUri(path), stream.listener()).join();
            socket.abort();
            throw new AssertionError("The WebSocket at " + path + " was accepted");
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw new AssertionError("The WebSocket at " + path + " failed without an HTTP answer: " + e.getCause(), e);
        }
    }

    /** The value of a cookie this client holds for the server, or {@code null}. */
    public String cookie(String name) {
        return cookies.getCookieStore().get(base).stream()
                .filter(c -> c.getName().equals(name)).map(HttpCookie::getValue).findFirst().orElse(null);
    }

    /** Adds a cookie, e.g. to replay another user's session. */
    public void setCookie(String name, String value) {
        HttpCookie cookie = new HttpCookie(name, value);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().add(base, cookie);
    }

    private WebSocket.Builder webSocketBuilder(String path) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        List<HttpCookie> held = cookies.getCookieStore().get(base);
        if (!held.isEmpty()) {
            builder.header("Cookie", held.stream().map(c -> c.getName() + "=" + c.getValue()).collect(Collectors.joining("; ")));
        }
        return builder;
    }

    private URI wsUri(String path) {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + path);
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("Not JSON: " + text, e);
        }
    }

    static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write as JSON: " + body, e);
        }
    }
}
