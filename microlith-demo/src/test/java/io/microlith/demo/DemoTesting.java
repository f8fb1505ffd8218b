package io.microlith.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.microlith.testkit.Eventually;
import io.microlith.testkit.http.HttpTestClient;
import io.microlith.testkit.http.HttpTestServer;
import io.microlith.testkit.http.TestResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Starts the demo for tests (embedded SQLite in a fresh folder, bcrypt at its cheapest) and acts as its users. */
public final class DemoTesting {
    public static final Duration WAIT = Duration.ofSeconds(10);
    public static final String PASSWORD = "s3cret-pass";

    private DemoTesting() {
    }

    /** Test settings: a random port on 127.0.0.1, a new data folder, bcrypt cost 4. */
    public static DemoSettings settings() {
        try {
            Path data = Files.createTempDirectory("microlith-demo-test-");
            return DemoSettings.defaults().withPort(0).withHost("127.0.0.1").withDataDir(data).withBcryptCost(4);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static HttpTestServer start(DemoSettings settings, RecordingMailer mailer) {
        DemoApp app = DemoApp.start(settings, mailer);
        return HttpTestServer.of(app.port(), app::close);
    }

    /** A fresh e-mail address, so that tests sharing an app never collide. */
    public static String newEmail(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    /** Registers and logs in a new user of {@code role}; the client holds the session. */
    public static HttpTestClient loggedIn(HttpTestServer server, String who, String role) {
        return loggedInAs(server, newEmail(who), role);
    }

    /** Logs in as {@code email}, registering it (as {@code role}) unless it is registered already. */
    public static HttpTestClient loggedInAs(HttpTestServer server, String email, String role) {
        HttpTestClient client = server.client();
        TestResponse registered = client.postJson("/auth/register",
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"" + role + "\"}");
        assertThat(registered.status()).as(registered.body()).isIn(201, 409);
        TestResponse login = client.postJson("/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return client;
    }

    /**
     * Logs in as the administrator {@code email} (registering it unless registered; it must be named in the app's
     * {@code --admins}) and confirms it with the app's administrator code.
     */
    public static HttpTestClient loggedInAsAdmin(HttpTestServer server, DemoApp app, String email) {
        HttpTestClient client = loggedInAs(server, email, "customer");
        TestResponse confirmed = client.postJson("/admin/api/confirm",
                "{\"code\":\"" + app.admin().administrators().code() + "\"}");
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        return client;
    }

    /** Adds a product as a seller and returns its JSON. */
    public static JsonNode addProduct(HttpTestClient seller, String name, String price) {
        TestResponse added = seller.postJson("/product", "{\"name\":\"" + name + "\",\"price\":" + price + "}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return added.json();
    }

    /**
     * GETs {@code path} until the answer satisfies {@code until} (views are eventually consistent);
     * fails after {@link #WAIT}. Not a timing assertion: the wait is a safety net.
     */
    public static TestResponse eventually(HttpTestClient client, String path, Predicate<TestResponse> until) {
        return Eventually.within(WAIT).describedAs("GET " + path).until(() -> client.get(path), until);
    }

    /** Waits until the order's view has {@code status} and returns it. */
    public static JsonNode orderWithStatus(HttpTestClient client, String location, String status) {
        return eventually(client, location, r -> r.status() == 200 && r.json().path("status").asText().equals(status)).json();
    }

    /** The roles of a process that serves HTTP but handles no command. */
    public static Set<String> webOnly() {
        return Set.of("web");
    }

    /** Asserts a JSON error answer. */
    public static void assertError(TestResponse response, int status, String error, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("message").asText()).isNotBlank();
        if (field != null) {
            assertThat(body.path("field").asText()).isEqualTo(field);
        }
    }
}
