package io.microlith.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.microlith.http.live.LiveChannel;
import io.microlith.http.live.LiveFeed;
import io.microlith.testkit.http.HttpTestClient;
import io.microlith.testkit.http.HttpTestServer;
import io.microlith.testkit.http.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests a browser would never send, written byte for byte: whoever answers them (Jetty before Javalin sees the
 * request, Javalin, the WebSocket servlet), the answer is the JSON error shape and names no class.
 */
class MalformedRequestsTest {
    static final String WS_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    static LiveFeed feed;
    static HttpTestServer server;
    static HttpTestClient client;

    @BeforeAll
    static void start() {
        feed = new LiveFeed();
        Javalin app = MicrolithHttp.create(config -> {
        });
        app.get("/x", ctx -> ctx.result("ok"));
        app.get("/error", ctx -> {
            throw new StackOverflowError("deep inside io.microlith.Secret");
        });
        LiveChannel.mount(app, "/events", feed, ctx -> "ann");
        server = HttpTestServer.start(app);
        client = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
        feed.close();
    }

    static JsonNode assertJsonError(TestResponse response, int status, String error) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        JsonNode body = response.json();
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("message").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("io.javalin").doesNotContain("jetty").doesNotContain("Servlet")
                .doesNotContain("io.microlith").doesNotContain("<");
        return body;
    }

    static String get(String target, String... headers) {
        return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + String.join("", headers) + "Connection: close\r\n\r\n";
    }

    @Nested
    class Refused_by_jetty_before_the_app {
        @Test
        void an_unknown_http_version_gets_505() {
            assertJsonError(client.raw("GET /x HTTP/3.7\r\nHost: a\r\n\r\n"), 505, "http_version_not_supported");
        }

        @Test
        void a_request_line_that_is_not_http_gets_400() {
            assertJsonError(client.raw("garbage\r\n\r\n"), 400, "bad_request");
        }

        @Test
        void a_control_character_in_the_uri_gets_400() {
            assertJsonError(client.raw(get("/x\u0001y")), 400, "bad_request");
        }

        @Test
        void a_malformed_percent_escape_gets_400() {
            assertJsonError(client.raw(get("/%zz")), 400, "bad_request");
        }

        @Test
        void a_uri_of_20_kb_gets_414() {
            assertJsonError(client.raw(get("/" + "a".repeat(20_000))), 414, "uri_too_long");
        }

        @Test
        void a_header_of_20_kb_gets_431() {
            assertJsonError(client.raw(get("/x", "X-Big: " + "b".repeat(20_000) + "\r\n")), 431, "headers_too_large");
        }

        @Test
        void a_request_without_host_gets_400() {
            assertJsonError(client.raw("GET /x HTTP/1.1\r\nConnection: close\r\n\r\n"), 400, "bad_request");
        }
    }

    @Nested
    class Refused_by_javalin_or_its_servlet {
        @Test
        void an_unknown_method_gets_501() {
            assertJsonError(client.raw("FOO /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"), 501, "not_implemented");
        }

        @Test
        void an_unknown_path_gets_404_quoting_little_of_it() {
            JsonNode body = assertJsonError(client.get("/" + "n".repeat(5000)), 404, "not_found");
            assertThat(body.path("message").asText()).hasSizeLessThan(80);
        }

        @Test
        void a_websocket_key_without_an_upgrade_gets_405_without_naming_the_servlet() {
            assertJsonError(client.raw(get("/events", "Sec-WebSocket-Key: " + WS_KEY + "\r\n")), 405, "method_not_allowed");
        }

        @Test
        void a_websocket_key_on_a_path_without_a_socket_gets_404() {
            assertJsonError(client.raw(get("/x", "Sec-WebSocket-Key: " + WS_KEY + "\r\n")), 404, "not_found");
        }

        @Test
        void an_error_thrown_by_a_route_gets_500_without_its_text() {
            TestResponse response = client.get("/error");
            assertJsonError(response, 500, "internal_error");
            assertThat(response.body()).doesNotContain("Secret").doesNotContain("StackOverflow");
        }
    }

    @Nested
    class A_websocket_upgrade {
        static String upgrade(String key, String... headers) {
            return "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + key + "\r\n" + String.join("", headers) + "\r\n";
        }

        @Test
        void with_a_key_that_is_not_16_bytes_in_base64_gets_400_not_101() {
            assertJsonError(client.raw(upgrade("!!notbase64")), 400, "bad_request");
            assertJsonError(client.raw(upgrade("abc")), 400, "bad_request");
            assertJsonError(client.raw(upgrade("dGhlIHNhbXBsZSBub25jZQ")), 400, "bad_request");
        }

        @Test
        void with_a_valid_key_switches_protocols() {
            assertThat(client.raw(upgrade(WS_KEY)).status()).isEqualTo(101);
        }

        @Test
        void from_a_page_of_another_origin_gets_403_before_anything_else() {
            assertJsonError(client.raw(upgrade("abc", "Origin: https://evil.example\r\n")), 403, "forbidden");
        }
    }
}
