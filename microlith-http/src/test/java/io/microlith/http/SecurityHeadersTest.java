package io.microlith.http;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.microlith.testkit.http.HttpTestServer;
import io.microlith.testkit.http.TestResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Security headers on every kind of answer, and {@link ClientConnection} with and without a trusted proxy. */
class SecurityHeadersTest {

    static HttpTestServer serve(HttpSettings settings, Consumer<Javalin> routes) {
        Javalin app = MicrolithHttp.create(settings, config -> config.staticFiles.add("/public-test", Location.CLASSPATH));
        app.get("/json", ctx -> ctx.json(java.util.Map.of("ok", true)));
        app.post("/json", ctx -> ctx.json(JsonBody.tree(ctx)));
        routes.accept(app);
        return HttpTestServer.start(app);
    }

    static void assertDefaults(TestResponse response) {
        assertThat(response.header("Content-Security-Policy")).as(response.toString())
                .isEqualTo(SecurityHeaders.DEFAULT_CONTENT_SECURITY_POLICY)
                .contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("Referrer-Policy")).isEqualTo("same-origin");
        assertThat(response.header("Strict-Transport-Security")).as("not over plain HTTP").isNull();
    }

    @Nested
    class By_default {
        @Test
        void are_on_pages_json_answers_and_errors_of_every_origin() {
            try (HttpTestServer server = serve(HttpSettings.defaults(), app -> {
            })) {
                TestResponse page = server.client().get("/page.html");
                assertThat(page.status()).isEqualTo(200);
                assertThat(page.body()).contains("page");
                assertDefaults(page);
                assertDefaults(server.client().get("/json"));
                assertDefaults(server.client().get("/nowhere"));
                assertDefaults(server.client().postJson("/json", "{"));
                assertDefaults(server.client().raw("GET /x HTTP/9.9\r\nHost: a\r\n\r\n"));
            }
        }
    }

    @Nested
    class Configured {
        @Test
        void a_policy_can_be_replaced_and_a_header_dropped() {
            SecurityHeaders headers = SecurityHeaders.defaults().withContentSecurityPolicy("default-src 'none'")
                    .without("X-Frame-Options");
            try (HttpTestServer server = serve(HttpSettings.defaults().withSecurityHeaders(headers), app -> {
            })) {
                TestResponse response = server.client().get("/json");
                assertThat(response.header("Content-Security-Policy")).isEqualTo("default-src 'none'");
                assertThat(response.header("X-Frame-Options")).isNull();
                assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            }
        }

        @Test
        void none_sets_nothing() {
            try (HttpTestServer server = serve(HttpSettings.defaults().withSecurityHeaders(SecurityHeaders.none()), app -> {
            })) {
                assertThat(server.client().get("/json").header("Content-Security-Policy")).isNull();
            }
        }

        @Test
        void a_value_with_a_line_break_is_refused() {
            assertThatThrownBy(() -> SecurityHeaders.defaults().with("X-Test", "a\r\nSet-Cookie: x=1"))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void strict_transport_security_is_sent_only_over_https() {
            HttpSettings settings = HttpSettings.defaults().withTrustProxyHeaders(true)
                    .withSecurityHeaders(SecurityHeaders.defaults().withStrictTransportSecurity("max-age=31536000"));
            try (HttpTestServer server = serve(settings, app -> {
            })) {
                assertThat(server.client().get("/json").header("Strict-Transport-Security")).isNull();
                assertThat(server.client().header("X-Forwarded-Proto", "https").get("/json").header("Strict-Transport-Security"))
                        .isEqualTo("max-age=31536000");
            }
        }
    }

    @Nested
    class The_client_connection {
        static HttpTestServer echo(boolean trust) {
            return serve(HttpSettings.defaults().withTrustProxyHeaders(trust), app -> app.get("/client", ctx ->
                    ctx.result(ClientConnection.isHttps(ctx) + " " + ClientConnection.scheme(ctx) + " " + ClientConnection.address(ctx))));
        }

        @Test
        void is_plain_http_from_the_remote_address_without_proxy_headers() {
            try (HttpTestServer server = echo(true)) {
                assertThat(server.client().get("/client").body()).isEqualTo("false http 127.0.0.1");
            }
        }

        @Test
        void ignores_proxy_headers_unless_they_are_trusted() {
            try (HttpTestServer server = echo(false)) {
                TestResponse response = server.client().header("X-Forwarded-Proto", "https")
                        .header("X-Forwarded-For", "203.0.113.9").header("Forwarded", "for=203.0.113.7;proto=https")
                        .get("/client");
                assertThat(response.body()).isEqualTo("false http 127.0.0.1");
            }
        }

        @Test
        void believes_the_last_entry_of_x_forwarded_headers_when_trusted() {
            try (HttpTestServer server = echo(true)) {
                TestResponse response = server.client().header("X-Forwarded-Proto", "https")
                        .header("X-Forwarded-For", "198.51.100.1, 203.0.113.9").get("/client");
                assertThat(response.body()).isEqualTo("true https 203.0.113.9");
            }
        }

        @Test
        void believes_the_last_element_of_forwarded_when_trusted() {
            try (HttpTestServer server = echo(true)) {
                TestResponse response = server.client()
                        .header("Forwarded", "for=198.51.100.1;proto=http, for=\"[2001:db8:cafe::17]:4711\";proto=https")
                        .get("/client");
                assertThat(response.body()).isEqualTo("true https 2001:db8:cafe::17");
            }
        }

        @Test
        void falls_back_to_the_remote_address_for_an_obfuscated_client() {
            try (HttpTestServer server = echo(true)) {
                assertThat(server.client().header("Forwarded", "for=_hidden;proto=https").get("/client").body())
                        .isEqualTo("true https 127.0.0.1");
                assertThat(server.client().header("X-Forwarded-For", "unknown").get("/client").body())
                        .isEqualTo("false http 127.0.0.1");
            }
        }
    }
}
