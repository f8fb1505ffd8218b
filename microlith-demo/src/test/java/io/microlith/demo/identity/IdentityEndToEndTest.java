package io.microlith.demo.identity;

import io.microlith.demo.DemoTesting;
import io.microlith.demo.RecordingMailer;
import io.microlith.testkit.Eventually;
import io.microlith.testkit.http.HttpTestClient;
import io.microlith.testkit.http.HttpTestServer;
import io.microlith.testkit.http.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static io.microlith.demo.DemoTesting.PASSWORD;
import static io.microlith.demo.DemoTesting.assertError;
import static io.microlith.demo.DemoTesting.newEmail;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /auth/*} over real HTTP against the demo on its embedded store. */
class IdentityEndToEndTest {
    static RecordingMailer mailer = new RecordingMailer();
    static Path data;
    static HttpTestServer server;

    @BeforeAll
    static void start() {
        var settings = DemoTesting.settings();
        data = settings.dataDir();
        server = DemoTesting.start(settings, mailer);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String credentials(String email, String password) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    }

    static TestResponse register(HttpTestClient client, String email, String password, String role) {
        return client.postJson("/auth/register", "{\"email\":\"" + email + "\",\"password\":\"" + password
                + "\",\"role\":\"" + role + "\"}");
    }

    @Nested
    class Registering {
        @Test
        void answers_201_with_the_user_and_a_correlation_id() {
            String email = newEmail("ann");
            TestResponse response = register(server.client(), email, PASSWORD, "customer");

            assertThat(response.status()).isEqualTo(201);
            assertThat(response.json().path("email").asText()).isEqualTo(email);
            assertThat(response.json().path("role").asText()).isEqualTo("customer");
            assertThat(response.json().path("userId").asText()).isNotBlank();
            assertThat(response.header("X-Correlation-Id")).isNotBlank();
        }

        @Test
        void answers_409_when_the_address_is_taken_whatever_its_case() {
            String email = newEmail("bob");
            register(server.client(), email, PASSWORD, "customer");
            assertError(register(server.client(), email.toUpperCase(), PASSWORD, "customer"), 409, "conflict", "email");
        }

        @Test
        void answers_400_naming_the_email_when_it_is_not_an_address() {
            assertError(register(server.client(), "not-an-address", PASSWORD, "customer"), 400, "invalid_input", "email");
        }

        @Test
        void answers_400_naming_the_password_when_it_is_weak() {
            TestResponse response = register(server.client(), newEmail("weak"), "short", "customer");
            assertError(response, 400, "invalid_input", "password");
            assertThat(response.json().path("message").asText()).contains("at least 8");
        }

        @Test
        void answers_400_naming_the_role_when_it_is_unknown() {
            assertError(register(server.client(), newEmail("root"), PASSWORD, "admin"), 400, "invalid_input", "role");
        }

        @Test
        void answers_400_naming_a_missing_field() {
            assertError(server.client().postJson("/auth/register", "{\"email\":\"x@example.org\"}"), 400, "invalid_input", "password");
        }

        @Test
        void answers_400_when_the_body_is_not_json() {
            assertError(server.client().postJson("/auth/register", "{email:"), 400, "bad_request", null);
        }

        @Test
        void answers_415_when_the_body_is_a_form() {
            assertError(server.client().post("/auth/register", "application/x-www-form-urlencoded", "email=a".getBytes()),
                    415, "unsupported_media_type", null);
        }

        @Test
        void answers_413_when_the_body_is_too_large() {
            String huge = "{\"email\":\"" + "a".repeat(100_000) + "@example.org\",\"password\":\"x\"}";
            assertError(server.client().postJson("/auth/register", huge), 413, "too_large", null);
        }

        @Test
        void sends_one_welcome_email() {
            String email = newEmail("welcome");
            register(server.client(), email, PASSWORD, "customer");

            Eventually.within(DemoTesting.WAIT).untilAsserted(() -> assertThat(mailer.sentTo(email)).singleElement()
                    .satisfies(mail -> assertThat(mail.subject()).contains("Welcome")));
        }

        @Test
        void never_stores_the_password_in_clear() throws Exception {
            String password = "unmistakable-" + System.nanoTime();
            String email = newEmail("clear");
            register(server.client(), email, password, "customer");
            HttpTestClient client = server.client();
            client.postJson("/auth/login", credentials(email, password));

            try (Stream<Path> files = Files.list(data)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    assertThat(content).as(file.toString()).doesNotContain(password);
                }
            }
        }
    }

    @Nested
    class Logging_in {
        @Test
        void answers_200_with_an_http_only_same_site_session_cookie() {
            String email = newEmail("carol");
            register(server.client(), email, PASSWORD, "seller");
            HttpTestClient client = server.client();

            TestResponse response = client.postJson("/auth/login", credentials(email, PASSWORD));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().path("role").asText()).isEqualTo("seller");
            String cookie = response.header("Set-Cookie");
            assertThat(cookie).startsWith(Sessions.COOKIE + "=").contains("HttpOnly").contains("SameSite=Strict");
        }

        @Test
        void answers_the_same_401_for_an_unknown_address_and_a_wrong_password() {
            String email = newEmail("dave");
            register(server.client(), email, PASSWORD, "customer");

            TestResponse wrongPassword = server.client().postJson("/auth/login", credentials(email, "wrong-pass-1"));
            TestResponse unknown = server.client().postJson("/auth/login", credentials(newEmail("nobody"), PASSWORD));

            assertError(wrongPassword, 401, "unauthorized", null);
            assertError(unknown, 401, "unauthorized", null);
            assertThat(wrongPassword.body()).isEqualTo(unknown.body());
            assertThat(wrongPassword.header("Set-Cookie")).isNull();
        }

        @Test
        void answers_400_naming_a_missing_password() {
            assertError(server.client().postJson("/auth/login", "{\"email\":\"x@example.org\"}"), 400, "invalid_input", "password");
        }

        @Test
        void answers_415_without_a_json_body() {
            assertError(server.client().post("/auth/login", "text/plain", "x".getBytes()), 415, "unsupported_media_type", null);
        }
    }

    @Nested
    class Asking_who_is_logged_in {
        @Test
        void answers_200_with_email_and_role() {
            HttpTestClient client = DemoTesting.loggedIn(server, "erin", "customer");
            TestResponse me = client.get("/auth/me");

            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().path("email").asText()).startsWith("erin-");
            assertThat(me.json().path("role").asText()).isEqualTo("customer");
        }

        @Test
        void answers_401_without_a_session() {
            assertError(server.client().get("/auth/me"), 401, "unauthorized", null);
        }

        @Test
        void answers_401_for_a_made_up_session() {
            HttpTestClient client = server.client();
            client.setCookie(Sessions.COOKIE, Sessions.newSessionId());
            assertError(client.get("/auth/me"), 401, "unauthorized", null);
        }
    }

    @Nested
    class Logging_out {
        @Test
        void answers_202_clears_the_cookie_and_ends_the_session() {
            HttpTestClient client = DemoTesting.loggedIn(server, "frank", "customer");
            String session = client.cookie(Sessions.COOKIE);

            TestResponse response = client.post("/auth/logout");

            assertThat(response.status()).isEqualTo(202);
            assertThat(response.body()).isEmpty();
            assertThat(response.header("Set-Cookie")).contains(Sessions.COOKIE + "=").contains("Max-Age=0");
            // The logout is handled after the answer: the old session stops working soon after.
            HttpTestClient replay = server.client();
            replay.setCookie(Sessions.COOKIE, session);
            DemoTesting.eventually(replay, "/auth/me", r -> r.status() == 401);
        }

        @Test
        void answers_202_without_a_session_too() {
            assertThat(server.client().post("/auth/logout").status()).isEqualTo(202);
        }
    }
}
