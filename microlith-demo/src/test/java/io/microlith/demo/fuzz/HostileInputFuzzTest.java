package io.microlith.demo.fuzz;

import io.microlith.consumer.Consumer;
import io.microlith.consumer.ConsumerStatus;
import io.microlith.demo.DemoApp;
import io.microlith.demo.DemoSettings;
import io.microlith.demo.DemoTesting;
import io.microlith.demo.RecordingMailer;
import io.microlith.message.Message;
import io.microlith.testkit.http.HttpTestClient;
import io.microlith.testkit.http.HttpTestServer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated hostile requests — bodies, headers and paths — thrown at every route of the reference application, as a
 * careless client or an attacker would. Whatever comes in: never a 5xx, never a hang, never a stack trace or an
 * internal class name in a body, error answers in the JSON shape, nothing stored for a refused request; and afterwards
 * the server still serves and every consumer still runs.
 */
class HostileInputFuzzTest {
    /** A route of the application; {@code {id}} is replaced by a generated path segment. */
    record Route(String method, String path) {
    }

    /** One request: a route, who sends it, the body, its content type and extra headers. */
    record Attack(Route route, String client, String segment, String body, String contentType, Map<String, String> headers) {
    }

    static final List<Route> ROUTES = List.of(
            new Route("POST", "/auth/register"), new Route("POST", "/auth/login"), new Route("POST", "/auth/logout"),
            new Route("GET", "/auth/me"), new Route("POST", "/product"), new Route("GET", "/product"),
            new Route("GET", "/product/{id}"), new Route("POST", "/order"), new Route("GET", "/order"),
            new Route("GET", "/order/{id}"), new Route("GET", "/order?limit={id}&before={id}"),
            new Route("PUT", "/order"), new Route("DELETE", "/product/{id}"), new Route("GET", "/{id}"),
            new Route("POST", "/{id}"), new Route("GET", "/home-page"), new Route("POST", "/record-viewing/{id}"),
            new Route("POST", "/creators/videos"), new Route("GET", "/creators/videos"),
            new Route("GET", "/creators/videos/{id}"), new Route("POST", "/creators/videos/{id}/name"),
            new Route("GET", "/creators/videos/{id}/analytics?days={id}"), new Route("GET", "/users/{id}"),
            new Route("GET", "/users/{id}?asOf={id}&atPosition={id}"), new Route("PATCH", "/users/{id}"),
            new Route("GET", "/users/{id}/history"), new Route("DELETE", "/users/{id}"), new Route("GET", "/admin"),
            new Route("GET", "/admin/api/categories"), new Route("GET", "/admin/api/categories/{id}/streams?before={id}"),
            new Route("GET", "/admin/api/streams/{id}/messages?from={id}&limit={id}"), new Route("GET", "/admin/api/messages/{id}"),
            new Route("GET", "/admin/api/correlations/{id}"), new Route("GET", "/admin/api/consumers"),
            new Route("GET", "/admin/api/consumers/{id}/{id}"), new Route("GET", "/admin/api/parked"),
            new Route("POST", "/admin/api/consumers/{id}/{id}/parked/{id}/retry"),
            new Route("POST", "/admin/api/consumers/{id}/{id}/parked/{id}/skip"), new Route("GET", "/admin/api/views"),
            new Route("POST", "/admin/api/views/{id}/rebuild"), new Route("POST", "/admin/api/confirm"),
            new Route("GET", "/admin/api/me"), new Route("GET", "/metrics"));
    /**
     * Routes whose refusals are decided by a component and so stored (a name command and its rejection, decision
     * 0064; a forget of nobody and its rejection, decision 0087; a registration whose password the identity rules
     * refuse, with its {@code RegistrationRejected}): they are left out of the "nothing stored for a refused request"
     * check.
     */
    static final Set<String> DECIDED_REFUSALS = Set.of("/creators/videos/{id}/name", "/users/{id}", "/auth/register");
    /** Answers that refuse a request before anything is stored. */
    static final Set<Integer> REFUSALS = Set.of(400, 403, 404, 405, 406, 411, 413, 414, 415, 429, 431, 503);
    static final List<String> FIELDS = List.of("email", "password", "role", "name", "price", "products", "productId",
            "limit", "sourceUri", "displayName", "active", "__proto__", "");

    static DemoApp app;
    static HttpTestServer server;
    static Map<String, String> cookies;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeContainer
    static void start() {
        String adminEmail = DemoTesting.newEmail("admin");
        DemoSettings settings = DemoTesting.settings().withDeadline(Duration.ofSeconds(10)).withAdmins(Set.of(adminEmail));
        app = DemoApp.start(settings, new RecordingMailer());
        server = HttpTestServer.of(app.port(), app::close);
        HttpTestClient seller = DemoTesting.loggedIn(server, "seller", "seller");
        HttpTestClient customer = DemoTesting.loggedIn(server, "customer", "customer");
        HttpTestClient admin = DemoTesting.loggedInAsAdmin(server, app, adminEmail);
        DemoTesting.addProduct(seller, "Tea", "2.50");
        cookies = Map.of("anonymous", "", "seller", "microlith_session=" + seller.cookie("microlith_session"),
                "customer", "microlith_session=" + customer.cookie("microlith_session"),
                "admin", "microlith_session=" + admin.cookie("microlith_session"));
    }

    @AfterContainer
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Property(tries = 400)
    void no_request_breaks_the_application(@ForAll("attacks") Attack attack) throws Exception {
        app.microlith().awaitIdle(Duration.ofSeconds(20));
        long before = app.microlith().store().headGlobalPosition();

        HttpResponse<String> response = send(attack);

        String body = response.body();
        assertThat(response.statusCode()).as("%s answered %s", attack, body).isLessThan(500);
        assertThat(body).as("the body of %s", attack).doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContain("io.microlith").doesNotContain("java.").doesNotContain("org.eclipse").doesNotContain("Jetty");
        if (response.statusCode() >= 400) {
            assertThat(response.headers().firstValue("Content-Type").orElse(""))
                    .as("the error answer to %s", attack).startsWith("application/json");
            assertThat(body.length()).as("the error answer to %s", attack).isLessThan(2_000);
        }
        if (REFUSALS.contains(response.statusCode()) && !DECIDED_REFUSALS.contains(attack.route().path())) {
            app.microlith().awaitIdle(Duration.ofSeconds(20));
            assertThat(storedSince(before)).as("messages stored for the refused %s", attack).isEmpty();
        }
        // and after every request, whatever it was: the server serves, every consumer runs
        assertThat(send(new Attack(new Route("GET", "/product"), "anonymous", "", "", null, Map.of())).statusCode())
                .as("GET /product after %s", attack).isEqualTo(200);
        for (Consumer consumer : app.microlith().consumers()) {
            assertThat(consumer.status().state()).as("%s of %s after %s", consumer.name(), consumer.category(), attack)
                    .isEqualTo(ConsumerStatus.State.RUNNING);
        }
    }

    private static List<String> storedSince(long position) {
        List<String> stored = new ArrayList<>();
        for (Message message : app.microlith().store().readAll(position + 1, 1000)) {
            var stream = message.streamName();
            if (!stream.hasType("position") && !stream.hasType("snapshot") && !stream.hasType("parked")) {
                stored.add(message.type() + " in " + stream);
            }
        }
        return stored;
    }

    private static HttpResponse<String> send(Attack attack) throws Exception {
        String path = attack.route().path().replace("{id}", attack.segment());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(15))
                .method(attack.route().method(), attack.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(attack.body()));
        if (attack.contentType() != null) {
            request.header("Content-Type", attack.contentType());
        }
        String cookie = cookies.get(attack.client());
        if (!cookie.isEmpty()) {
            request.header("Cookie", cookie);
        }
        attack.headers().forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<Attack> attacks() {
        return Combinators.combine(Arbitraries.of(ROUTES), Arbitraries.of("anonymous", "seller", "customer", "admin"), segments(),
                bodies(), contentTypes(), headers()).as(Attack::new);
    }

    private static Arbitrary<String> segments() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40).map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8)),
                Arbitraries.of("..", "%2e%2e%2f", "%00", "-1", "999999999999999999999", "a".repeat(3000), "order-1+2",
                        "00000000-0000-0000-0000-000000000000", "%ff%fe", ";", "%0d%0aSet-Cookie:x=1"));
    }

    private static Arbitrary<String> contentTypes() {
        return Arbitraries.of("application/json", "application/json", "application/json; charset=utf-16", "text/plain",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=nope", null);
    }

    private static Arbitrary<Map<String, String>> headers() {
        return Arbitraries.oneOf(Arbitraries.just(Map.<String, String>of()),
                Arbitraries.strings().ofMaxLength(300).map(key -> Map.of("Idempotency-Key", printable(key))),
                Arbitraries.of(Map.of("Origin", "https://evil.example"), Map.of("X-Forwarded-Proto", "https"),
                        Map.of("Accept", "text/event-stream"), Map.of("Accept-Encoding", "gzip, br"),
                        Map.of("X-Correlation-Id", "x".repeat(5000))));
    }

    /** A header value the HTTP client accepts: no control characters. */
    private static String printable(String text) {
        return text.codePoints().filter(c -> c >= 0x20 && c < 0x7f).collect(StringBuilder::new, StringBuilder::appendCodePoint,
                StringBuilder::append).toString();
    }

    private static Arbitrary<String> bodies() {
        return Arbitraries.oneOf(
                json(3),
                Arbitraries.of("", "null", "[]", "\"x\"", "1", "{", "{\"a\":1,\"a\":2}", "{\"email\":null,\"password\":null}",
                        "{\"products\":[null]}", "{\"products\":[{\"name\":\"Tea\",\"price\":\"2.50\"}]}",
                        "{\"products\":[{\"name\":\"Tea\",\"price\":1e-2147483647}]}",
                        "{\"products\":[{\"name\":\"Tea\",\"price\":-1e2147483647}]}",
                        "{\"name\":\"Biscuits\",\"price\":1e2147483647}", "{\"name\":\"Cake\",\"price\":1e-100000}",
                        "{\"email\":\"a\\u0000b@example.org\",\"password\":\"s3cret-pass\"}",
                        "{\"email\":\"ann@example.org\",\"password\":\"" + "x".repeat(200) + "\"}",
                        "[".repeat(5000) + "]".repeat(5000), "{\"a\":" + "9".repeat(20000) + "}"),
                Arbitraries.strings().ofMaxLength(200));
    }

    /** JSON values of the routes' fields, with hostile leaves, nested up to {@code depth}. */
    private static Arbitrary<String> json(int depth) {
        Arbitrary<String> leaf = Arbitraries.oneOf(
                Arbitraries.of("null", "true", "0", "-0", "2.5", "1e308", "1e-2147483647", "-1e2147483647", "1E+999999999",
                        "0.0000000000000000000000000001", "123456789012345678901234567890", "NaN", "\"\"", "\"Tea\"",
                        "\"customer\"", "\"seller\"", "\"admin\"", "\"ann@example.org\"", "\"s3cret-pass\"",
                        "\"\\u202e\\u200bx@example.org\"", "\"\\u001b[31mred\"", "\"" + "y".repeat(70_000) + "\""),
                Arbitraries.strings().ofMaxLength(30).map(HostileInputFuzzTest::quoted),
                Arbitraries.integers().map(Object::toString),
                Arbitraries.bigDecimals().map(Object::toString));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> object = Arbitraries.maps(Arbitraries.of(FIELDS), json(depth - 1)).ofMaxSize(4)
                .map(fields -> {
                    StringBuilder out = new StringBuilder("{");
                    fields.forEach((key, value) -> out.append(out.length() > 1 ? "," : "").append(quoted(key)).append(':').append(value));
                    return out.append('}').toString();
                });
        Arbitrary<String> array = json(depth - 1).list().ofMaxSize(3).map(items -> "[" + String.join(",", items) + "]");
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, leaf), net.jqwik.api.Tuple.of(5, object),
                net.jqwik.api.Tuple.of(2, array));
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }
}
