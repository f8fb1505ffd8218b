package io.microlith.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ConflictResponse;
import io.javalin.http.HttpResponseException;
import io.javalin.http.NotFoundResponse;
import io.microlith.testkit.http.HttpTestClient;
import io.microlith.testkit.http.HttpTestServer;
import io.microlith.testkit.http.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class HttpAdapterTest {
    record Line(String name, BigDecimal price) {
        Line {
            name = Check.text("name", name, 20);
            Check.amount("price", price, 2);
        }
    }

    record Order(List<Line> products) {
        Order {
            Check.list("products", products);
        }
    }

    static HttpTestServer server;
    static HttpTestClient client;

    @BeforeAll
    static void start() {
        Javalin app = MicrolithHttp.create(HttpSettings.defaults().withMaxRequestBytes(1000), config -> {
        });
        app.post("/order", ctx -> {
            Order order = JsonBody.read(ctx, Order.class);
            Answers.accepted(ctx, "/order/" + order.products().size(), "corr-1");
        });
        app.post("/echo", ctx -> ctx.json(JsonBody.read(ctx, Order.class)));
        app.get("/problem/{status}", ctx -> {
            throw switch (Integer.parseInt(ctx.pathParam("status"))) {
                case 401 -> HttpProblem.unauthorized("Log in first");
                case 403 -> HttpProblem.forbidden("Sellers only");
                case 404 -> HttpProblem.notFound("No order 7");
                case 409 -> HttpProblem.conflict("email", "Already registered");
                default -> new IllegalStateException("a bug with a secret inside");
            };
        });
        app.get("/javalin/{status}", ctx -> {
            throw switch (Integer.parseInt(ctx.pathParam("status"))) {
                case 400 -> new BadRequestResponse("Javalin's own", Map.of("field", "email"));
                case 404 -> new NotFoundResponse();
                case 409 -> new ConflictResponse("Taken");
                default -> new HttpResponseException(418, "");
            };
        });
        app.get("/slow", ctx -> ctx.result(Await.outcome(new CompletableFuture<String>(), Duration.ofMillis(50), "the slow thing")));
        app.get("/fast", ctx -> ctx.result(Await.outcome(CompletableFuture.completedFuture("done"), Duration.ofSeconds(1), "x")));
        server = HttpTestServer.start(app);
        client = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertError(TestResponse response, int status, String error, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("message").asText()).isNotBlank();
        if (field == null) {
            assertThat(body.has("field")).isFalse();
        } else {
            assertThat(body.path("field").asText()).isEqualTo(field);
        }
    }

    @Nested
    class Accepting_a_command {
        @Test
        void answers_202_with_an_empty_body_a_location_and_the_correlation_id() {
            TestResponse response = client.postJson("/order", "{\"products\":[{\"name\":\"tea\",\"price\":2.5}]}");

            assertThat(response.status()).isEqualTo(202);
            assertThat(response.body()).isEmpty();
            assertThat(response.header("Location")).isEqualTo("/order/1");
            assertThat(response.header(MicrolithHttp.CORRELATION_ID)).isEqualTo("corr-1");
        }

        @Test
        void reads_a_json_content_type_with_a_charset_or_a_json_suffix() {
            assertThat(client.post("/order", "application/json; charset=utf-8", "{\"products\":[]}".getBytes()).status()).isEqualTo(202);
            assertThat(client.post("/order", "application/vnd.order+json", "{\"products\":[]}".getBytes()).status()).isEqualTo(202);
        }
    }

    @Nested
    class Rejecting_a_body {
        @Test
        void answers_415_when_the_body_is_not_json() {
            assertError(client.post("/order", "text/plain", "products".getBytes()), 415, "unsupported_media_type", null);
        }

        @Test
        void answers_415_when_there_is_no_content_type() {
            assertError(client.post("/order", null, "{}".getBytes()), 415, "unsupported_media_type", null);
        }

        @Test
        void answers_413_when_the_declared_length_is_over_the_limit() {
            String big = "{\"products\":[],\"pad\":\"" + "x".repeat(2000) + "\"}";
            assertError(client.postJson("/order", big), 413, "too_large", null);
        }

        @Test
        void answers_413_when_a_chunked_body_grows_over_the_limit() {
            byte[] big = ("{\"products\":[],\"pad\":\"" + "x".repeat(5000) + "\"}").getBytes(StandardCharsets.UTF_8);
            TestResponse response = client.send(client.request("/order").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
            assertError(response, 413, "too_large", null);
        }

        @Test
        void answers_400_when_the_body_is_empty() {
            assertError(client.postJson("/order", ""), 400, "bad_request", null);
        }

        @Test
        void answers_400_when_the_body_is_not_well_formed() {
            assertError(client.postJson("/order", "{\"products\":["), 400, "bad_request", null);
        }

        @Test
        void answers_400_when_the_body_is_not_an_object() {
            assertError(client.postJson("/order", "[1,2]"), 400, "bad_request", null);
        }

        @Test
        void answers_400_when_the_body_is_null() {
            assertError(client.postJson("/order", "null"), 400, "bad_request", null);
        }

        @Test
        void answers_400_naming_a_missing_field() {
            assertError(client.postJson("/order", "{}"), 400, "invalid_input", "products");
        }

        @Test
        void answers_400_naming_a_nested_field_of_the_wrong_type() {
            assertError(client.postJson("/order", "{\"products\":[{\"name\":\"tea\",\"price\":\"cheap\"}]}"),
                    400, "invalid_input", "products[0].price");
        }

        @Test
        void answers_400_naming_a_nested_field_its_record_rejects() {
            TestResponse response = client.postJson("/order",
                    "{\"products\":[{\"name\":\"tea\",\"price\":1},{\"name\":\" \",\"price\":1}]}");
            assertError(response, 400, "invalid_input", "products[1].name");
            assertThat(response.json().path("message").asText()).isEqualTo("name must not be blank");
        }

        @Test
        void answers_400_when_an_array_is_expected() {
            assertError(client.postJson("/order", "{\"products\":{}}"), 400, "invalid_input", "products");
        }
    }

    @Nested
    class Answering_errors_as_json {
        @Test
        void answers_401() {
            assertError(client.get("/problem/401"), 401, "unauthorized", null);
        }

        @Test
        void answers_403() {
            assertError(client.get("/problem/403"), 403, "forbidden", null);
        }

        @Test
        void answers_404_thrown_by_a_route() {
            assertError(client.get("/problem/404"), 404, "not_found", null);
        }

        @Test
        void answers_404_for_an_unknown_path() {
            assertError(client.get("/nowhere"), 404, "not_found", null);
        }

        @Test
        void answers_409_with_the_conflicting_field() {
            assertError(client.get("/problem/409"), 409, "conflict", "email");
        }

        @Test
        void answers_javalins_own_responses_in_the_same_shape() {
            assertError(client.get("/javalin/404"), 404, "not_found", null);
            assertError(client.get("/javalin/409"), 409, "conflict", null);
            assertError(client.get("/javalin/400"), 400, "bad_request", "email");
            TestResponse teapot = client.get("/javalin/418");
            assertError(teapot, 418, "http_418", null);
            assertThat(teapot.json().path("message").asText()).as("the reason phrase for an empty message")
                    .isEqualTo("I'm a Teapot");
        }

        @Test
        void answers_problems_as_one_of_javalins_responses() {
            HttpProblem problem = HttpProblem.conflict("email", "Already registered");

            assertThat(problem).isInstanceOf(HttpResponseException.class);
            assertThat(problem.getStatus()).isEqualTo(409);
            assertThat(problem.body()).isEqualTo(new ApiError(409, "conflict", "Already registered", "email"));
        }

        @Test
        void answers_500_without_revealing_the_cause() {
            TestResponse response = client.get("/problem/500");
            assertError(response, 500, "internal_error", null);
            assertThat(response.body()).doesNotContain("secret");
        }
    }

    @Nested
    class Waiting_for_an_outcome {
        @Test
        void answers_504_as_json_when_the_deadline_passes() {
            TestResponse response = client.get("/slow");
            assertError(response, 504, "timeout", null);
            assertThat(response.json().path("message").asText()).contains("the slow thing").contains("50 ms");
        }

        @Test
        void answers_with_the_outcome_when_it_arrives() {
            assertThat(client.get("/fast").body()).isEqualTo("done");
        }
    }
}
