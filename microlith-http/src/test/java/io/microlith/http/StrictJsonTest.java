package io.microlith.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.microlith.testkit.http.HttpTestClient;
import io.microlith.testkit.http.HttpTestServer;
import io.microlith.testkit.http.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link JsonBody} and {@link Check} against hostile and careless bodies, over real HTTP. */
class StrictJsonTest {
    record Product(String name, BigDecimal price, int stock, boolean visible) {
        Product {
            name = Check.line("name", name, 40);
            price = Check.amount("price", price, 9, 2);
        }
    }

    record Note(String text) {
        Note {
            text = Check.text("text", text, 200);
        }
    }

    static HttpTestServer server;
    static HttpTestClient client;
    /** How many bodies the routes accepted: a refused body must never reach them. */
    static final AtomicInteger accepted = new AtomicInteger();

    @BeforeAll
    static void start() {
        Javalin app = MicrolithHttp.create(config -> {
        });
        app.post("/product", ctx -> {
            Product product = JsonBody.read(ctx, Product.class);
            accepted.incrementAndGet();
            ctx.json(product);
        });
        app.post("/note", ctx -> ctx.json(JsonBody.read(ctx, Note.class)));
        app.post("/names", ctx -> ctx.json(JsonBody.read(ctx, List.class)));
        server = HttpTestServer.start(app);
        client = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static final String GOOD = "{\"name\":\"tea\",\"price\":2.5,\"stock\":3,\"visible\":true}";

    static JsonNode refused(TestResponse response, String error) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        JsonNode body = response.json();
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(response.body()).as("names no class").doesNotContain("java.").doesNotContain("io.microlith")
                .doesNotContain("jackson").doesNotContain("Exception").doesNotContain("`");
        assertThat(response.body().length()).as("an error body stays small").isLessThan(500);
        return body;
    }

    @Test
    void reads_a_well_formed_body() {
        TestResponse response = client.postJson("/product", GOOD);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("price").decimalValue()).isEqualByComparingTo("2.5");
    }

    @Nested
    class The_body_as_a_whole {
        @ParameterizedTest
        @ValueSource(strings = {"null", "[]", "\"x\"", "1", "true", " null "})
        void must_be_an_object_when_a_record_is_read(String body) {
            int before = accepted.get();
            JsonNode error = refused(client.postJson("/product", body), "bad_request");
            assertThat(error.path("message").asText()).startsWith("The body must be an object, was ");
            assertThat(accepted.get()).isEqualTo(before);
        }

        @Test
        void must_be_an_array_when_a_list_is_read() {
            assertThat(client.postJson("/names", "[\"a\"]").status()).isEqualTo(200);
            assertThat(refused(client.postJson("/names", "null"), "bad_request").path("message").asText())
                    .isEqualTo("The body must be an array, was null");
        }

        @Test
        void must_not_be_only_white_space() {
            assertThat(refused(client.postJson("/product", "   "), "bad_request").path("message").asText())
                    .isEqualTo("A JSON body is required");
        }

        @Test
        void must_not_repeat_a_key() {
            String twice = "{\"name\":\"tea\",\"price\":2.5,\"price\":0.01,\"stock\":3,\"visible\":true}";
            assertThat(refused(client.postJson("/product", twice), "bad_request").path("message").asText())
                    .contains("Duplicate field 'price'");
        }

        @Test
        void must_not_nest_deeper_than_the_limit() {
            String deep = GOOD.replace("{", "{\"ignored\":" + "[".repeat(100) + "]".repeat(100) + ",");
            assertThat(refused(client.postJson("/product", deep), "bad_request").path("message").asText())
                    .isEqualTo("The body is nested deeper than 64 levels");
        }

        @Test
        void must_not_hold_a_number_longer_than_the_limit() {
            String longNumber = GOOD.replace("2.5", "1" + "0".repeat(200));
            assertThat(refused(client.postJson("/product", longNumber), "bad_request").path("message").asText())
                    .isEqualTo("A number in the body is longer than 100 characters");
        }

        @Test
        void quotes_little_of_a_malformed_body() {
            String garbage = "{\"name\":" + "x".repeat(5000) + "}";
            refused(client.postJson("/product", garbage), "bad_request");
        }
    }

    @Nested
    class A_field_of_another_type {
        @Test
        void a_text_for_a_number_is_refused_naming_the_field() {
            JsonNode error = refused(client.postJson("/product", GOOD.replace("2.5", "\"9.99\"")), "invalid_input");
            assertThat(error.path("field").asText()).isEqualTo("price");
            assertThat(error.path("message").asText()).isEqualTo("Expected a number");
        }

        @Test
        void a_number_for_a_text_is_refused_naming_the_field() {
            JsonNode error = refused(client.postJson("/product", GOOD.replace("\"tea\"", "42")), "invalid_input");
            assertThat(error.path("field").asText()).isEqualTo("name");
            assertThat(error.path("message").asText()).isEqualTo("Expected a text, was a number");
        }

        @Test
        void a_number_for_a_text_is_not_quoted_as_the_parser_read_it() {
            // The parser reads 1e-2147483647 as 0.0: the answer must not show the client a number it never sent.
            JsonNode error = refused(client.postJson("/product", GOOD.replace("\"tea\"", "1e-2147483647")), "invalid_input");
            assertThat(error.path("field").asText()).isEqualTo("name");
            assertThat(error.path("message").asText()).isEqualTo("Expected a text, was a number");
        }

        @Test
        void a_boolean_for_a_text_is_refused_naming_the_field() {
            JsonNode error = refused(client.postJson("/product", GOOD.replace("\"tea\"", "true")), "invalid_input");
            assertThat(error.path("field").asText()).isEqualTo("name");
            assertThat(error.path("message").asText()).isEqualTo("'true' is not a text");
        }

        @Test
        void a_fraction_for_an_integer_is_refused_naming_the_field() {
            JsonNode error = refused(client.postJson("/product", GOOD.replace("\"stock\":3", "\"stock\":1.5")), "invalid_input");
            assertThat(error.path("field").asText()).isEqualTo("stock");
        }

        @Test
        void a_text_for_a_boolean_is_refused_naming_the_field() {
            JsonNode error = refused(client.postJson("/product", GOOD.replace("true", "\"true\"")), "invalid_input");
            assertThat(error.path("field").asText()).isEqualTo("visible");
        }

        @Test
        void an_integer_out_of_range_is_refused() {
            refused(client.postJson("/product", GOOD.replace("\"stock\":3", "\"stock\":99999999999")), "bad_request");
        }

        @Test
        void a_missing_primitive_is_refused_naming_the_field() {
            JsonNode error = refused(client.postJson("/product", GOOD.replace(",\"stock\":3", "")), "invalid_input");
            assertThat(error.path("field").asText()).isEqualTo("stock");
        }

        @Test
        void unknown_fields_are_ignored() {
            assertThat(client.postJson("/product", GOOD.replace("{", "{\"colour\":\"green\",")).status()).isEqualTo(200);
        }
    }

    @Nested
    class An_amount {
        @ParameterizedTest
        @ValueSource(strings = {"1e-100000", "1e-2147483647", "-1e2147483647", "1e2147483647", "1e10", "1234567890",
                "0.001", "2.505", "1E+2147483647"})
        void beyond_its_digits_is_refused_with_a_short_message(String price) {
            int before = accepted.get();
            JsonNode error = refused(client.postJson("/product", GOOD.replace("2.5", price)), "invalid_input");
            assertThat(error.path("field").asText()).isEqualTo("price");
            assertThat(error.path("message").asText()).startsWith("price must have at most 9 digits before the decimal point and 2 after, was '");
            assertThat(error.path("message").asText().length()).isLessThan(120);
            assertThat(accepted.get()).isEqualTo(before);
        }

        @ParameterizedTest
        @ValueSource(strings = {"123456789.99", "2.50", "2.500000", "0", "-3", "1e2", "25e-1"})
        void within_its_digits_is_accepted(String price) {
            assertThat(client.postJson("/product", GOOD.replace("2.5", price)).status()).isEqualTo(200);
        }
    }

    @Nested
    class A_line {
        @ParameterizedTest
        @ValueSource(strings = {"\\u0000", "\\u001b[31m", "\\u0085", "\\u202e", "\\u2066", "\\u200b", "\\u200d",
                "\\ufeff", "\\u00ad", "\\n", "\\u2028", "\\ud800", "\\ue000"})
        void refuses_control_and_invisible_characters(String escaped) {
            JsonNode error = refused(client.postJson("/product", GOOD.replace("tea", "te" + escaped + "a")), "invalid_input");
            assertThat(error.path("field").asText()).isEqualTo("name");
            assertThat(error.path("message").asText()).startsWith("name must not contain control or invisible characters (U+")
                    .endsWith(" at 2)");
        }

        @Test
        void accepts_letters_of_any_script_and_emoji() {
            TestResponse response = client.postJson("/product", GOOD.replace("tea", "Çay ☕ 茶 שלום \uD83D\uDE00"));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
        }

        @Test
        void refuses_more_characters_than_its_maximum() {
            JsonNode error = refused(client.postJson("/product", GOOD.replace("tea", "t".repeat(41))), "invalid_input");
            assertThat(error.path("message").asText()).isEqualTo("name must be at most 40 characters, was 41");
        }
    }

    @Nested
    class A_text {
        @Test
        void accepts_line_breaks_tabs_and_joiners() {
            TestResponse response = client.postJson("/note", "{\"text\":\"one\\ntwo\\tthree \uD83D\uDC68\u200D\uD83D\uDC69\"}");
            assertThat(response.status()).as(response.body()).isEqualTo(200);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\\u0000", "\\u001b", "\\u202e", "\\u200b", "\\ufeff"})
        void refuses_other_controls_and_invisible_characters(String escaped) {
            JsonNode error = refused(client.postJson("/note", "{\"text\":\"a" + escaped + "b\"}"), "invalid_input");
            assertThat(error.path("field").asText()).isEqualTo("text");
        }
    }
}
