package io.microlith.demo.orders;

import com.fasterxml.jackson.databind.JsonNode;
import io.microlith.demo.DemoTesting;
import io.microlith.demo.RecordingMailer;
import io.microlith.testkit.http.HttpTestClient;
import io.microlith.testkit.http.HttpTestServer;
import io.microlith.testkit.http.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.microlith.demo.DemoTesting.assertError;
import static io.microlith.demo.DemoTesting.orderWithStatus;
import static org.assertj.core.api.Assertions.assertThat;

/** Seed 004's routes over real HTTP against the demo on its embedded store. */
class OrdersEndToEndTest {
    static HttpTestServer server;
    static HttpTestClient seller;
    static HttpTestClient customer;
    static JsonNode tea;
    static JsonNode cake;

    @BeforeAll
    static void start() {
        server = DemoTesting.start(DemoTesting.settings(), new RecordingMailer());
        seller = DemoTesting.loggedIn(server, "seller", "seller");
        customer = DemoTesting.loggedIn(server, "customer", "customer");
        tea = DemoTesting.addProduct(seller, "Green tea", "2.50");
        cake = DemoTesting.addProduct(seller, "Cheese cake", "4.20");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String line(JsonNode product) {
        return "{\"productId\":\"" + product.path("id").asText() + "\",\"price\":" + product.path("price").asText() + "}";
    }

    static TestResponse order(HttpTestClient client, String... lines) {
        return client.postJson("/order", "{\"products\":[" + String.join(",", lines) + "]}");
    }

    @Nested
    class Adding_a_product {
        @Test
        void answers_201_with_the_product_and_its_location() {
            TestResponse response = seller.postJson("/product", "{\"name\":\"Scone\",\"price\":1.25}");

            assertThat(response.status()).isEqualTo(201);
            assertThat(response.header("Location")).isEqualTo("/product/" + response.json().path("id").asText());
            assertThat(response.json().path("price").decimalValue()).isEqualByComparingTo("1.25");
        }

        @Test
        void answers_409_when_the_name_is_taken_whatever_its_case() {
            assertError(seller.postJson("/product", "{\"name\":\"GREEN TEA\",\"price\":3}"), 409, "conflict", "name");
        }

        @Test
        void answers_403_to_a_customer() {
            assertError(customer.postJson("/product", "{\"name\":\"Muffin\",\"price\":2}"), 403, "forbidden", null);
        }

        @Test
        void answers_401_without_a_session() {
            assertError(server.client().postJson("/product", "{\"name\":\"Muffin\",\"price\":2}"), 401, "unauthorized", null);
        }

        @Test
        void answers_400_naming_a_blank_name() {
            assertError(seller.postJson("/product", "{\"name\":\"  \",\"price\":2}"), 400, "invalid_input", "name");
        }

        @Test
        void answers_400_naming_a_price_that_is_not_positive() {
            assertError(seller.postJson("/product", "{\"name\":\"Free lunch\",\"price\":0}"), 400, "invalid_input", "price");
        }

        @Test
        void answers_400_naming_a_price_that_is_not_a_number() {
            assertError(seller.postJson("/product", "{\"name\":\"Bun\",\"price\":\"cheap\"}"), 400, "invalid_input", "price");
        }

        @Test
        void answers_415_and_413_for_bodies_it_cannot_read() {
            assertError(seller.post("/product", "text/csv", "Bun,1".getBytes()), 415, "unsupported_media_type", null);
            assertError(seller.postJson("/product", "{\"name\":\"" + "x".repeat(70_000) + "\",\"price\":1}"), 413, "too_large", null);
        }
    }

    @Nested
    class Reading_products {
        @Test
        void lists_the_catalog() {
            TestResponse response = DemoTesting.eventually(customer, "/product",
                    r -> r.body().contains("Green tea") && r.body().contains("Cheese cake"));
            assertThat(response.json().path("products").findValuesAsText("name")).contains("Green tea", "Cheese cake");
        }

        @Test
        void answers_one_product_by_id() {
            TestResponse response = DemoTesting.eventually(customer, "/product/" + tea.path("id").asText(), r -> r.status() == 200);
            assertThat(response.json().path("name").asText()).isEqualTo("Green tea");
        }

        @Test
        void answers_404_for_an_unknown_product() {
            assertError(customer.get("/product/" + UUID.randomUUID()), 404, "not_found", null);
        }
    }

    @Nested
    class Placing_an_order {
        @Test
        void answers_202_with_an_empty_body_a_location_and_a_correlation_id() {
            TestResponse response = order(customer, line(tea));

            assertThat(response.status()).isEqualTo(202);
            assertThat(response.body()).isEmpty();
            assertThat(response.header("Location")).matches("/order/[0-9a-f-]{36}");
            assertThat(response.header("X-Correlation-Id")).isNotBlank();
        }

        @Test
        void places_a_valid_order_with_its_total_and_lines_named_from_the_catalog() {
            String location = order(customer, line(tea), "{\"name\":\"cheese CAKE\",\"price\":4.2}").header("Location");

            JsonNode placed = orderWithStatus(customer, location, "placed");

            assertThat(placed.path("number").asLong()).isPositive();
            assertThat(placed.path("total").decimalValue()).isEqualByComparingTo("6.70");
            assertThat(placed.path("lines").findValuesAsText("name")).containsExactly("Green tea", "Cheese cake");
            assertThat(placed.path("reason").isNull()).isTrue();
        }

        @Test
        void numbers_orders_one_after_the_other() {
            // the second is sent once the first is placed: two orders accepted together are decided side by side
            // (the orders component has 16 lanes) and numbered in the order they are placed, not sent
            String first = order(customer, line(tea)).header("Location");
            long firstNumber = orderWithStatus(customer, first, "placed").path("number").asLong();
            String second = order(customer, line(tea)).header("Location");
            long secondNumber = orderWithStatus(customer, second, "placed").path("number").asLong();

            assertThat(secondNumber).isEqualTo(firstNumber + 1);
        }

        @Test
        void rejects_an_empty_order_with_a_reason() {
            String location = order(customer).header("Location");
            assertThat(orderWithStatus(customer, location, "rejected").path("reason").asText()).contains("at least one product");
        }

        @Test
        void rejects_an_unknown_product_with_a_reason() {
            String location = order(customer, "{\"name\":\"Unicorn\",\"price\":1}").header("Location");
            assertThat(orderWithStatus(customer, location, "rejected").path("reason").asText()).contains("unknown product 'Unicorn'");
        }

        @Test
        void rejects_a_price_that_is_not_the_catalog_s_with_a_reason() {
            String location = order(customer, "{\"productId\":\"" + tea.path("id").asText() + "\",\"price\":0.01}").header("Location");
            assertThat(orderWithStatus(customer, location, "rejected").path("reason").asText())
                    .contains("bad price for Green tea: expected 2.50, got 0.01");
        }

        @Test
        void rejects_a_negative_price_with_a_reason() {
            String location = order(customer, "{\"name\":\"Green tea\",\"price\":-2.5}").header("Location");
            assertThat(orderWithStatus(customer, location, "rejected").path("reason").asText()).contains("must be positive");
        }

        @Test
        void answers_401_without_a_session() {
            assertError(order(server.client(), line(tea)), 401, "unauthorized", null);
        }

        @Test
        void answers_400_naming_missing_products() {
            assertError(customer.postJson("/order", "{}"), 400, "invalid_input", "products");
        }

        @Test
        void answers_400_naming_a_line_without_product() {
            assertError(order(customer, line(tea), "{\"price\":1}"), 400, "invalid_input", "products[1].productId");
        }

        @Test
        void answers_400_naming_a_product_id_that_is_not_an_id() {
            assertError(order(customer, "{\"productId\":\"tea please\",\"price\":1}"), 400, "invalid_input", "products[0].productId");
        }

        @Test
        void answers_400_naming_a_missing_price() {
            assertError(order(customer, "{\"name\":\"Green tea\"}"), 400, "invalid_input", "products[0].price");
        }

        @Test
        void answers_429_to_one_user_beyond_20_at_once_storing_nothing_while_others_still_order() throws Exception {
            HttpTestClient eager = DemoTesting.loggedIn(server, "eager", "customer");
            // 80 orders at once, so that they come faster than the budget refills (20 a second) however long one
            // order takes (the split deployments answer one in about 50 ms: sent one after the other, none is refused)
            long started = System.nanoTime();
            List<TestResponse> answers = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<TestResponse>> sent = new ArrayList<>();
                for (int i = 0; i < 80; i++) {
                    sent.add(threads.submit(() -> order(eager, line(tea))));
                }
                for (Future<TestResponse> answer : sent) {
                    answers.add(answer.get());
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;

            assertThat(answers).extracting(TestResponse::status).containsOnly(202, 429);
            TestResponse refused = answers.stream().filter(a -> a.status() == 429).findFirst().orElseThrow();
            assertError(refused, 429, "too_many_requests", null);
            assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
            long accepted = answers.stream().filter(a -> a.status() == 202).count();
            assertThat(accepted).isBetween(20L, 20 + (long) Math.ceil(20 * seconds));
            String other = order(customer, line(tea)).header("Location");
            assertThat(other).as("another user's order").isNotNull();
            // the orders view handles orders in turn: once the later one is placed, every earlier one is in the view
            orderWithStatus(customer, other, "placed");
            assertThat(eager.get("/order?limit=100").json().path("orders").size()).isEqualTo((int) accepted);
        }

        @Test
        void answers_415_and_413_for_bodies_it_cannot_read() {
            assertError(customer.post("/order", "text/plain", "tea".getBytes()), 415, "unsupported_media_type", null);
            String huge = "{\"products\":[" + String.join(",", java.util.Collections.nCopies(3000, line(tea))) + "]}";
            assertError(customer.postJson("/order", huge), 413, "too_large", null);
        }
    }

    @Nested
    class Reading_orders {
        @Test
        void lists_only_my_orders_newest_first_in_pages() {
            HttpTestClient me = DemoTesting.loggedIn(server, "pager", "customer");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(order(me, line(tea)).header("Location").substring("/order/".length()));
            }
            order(customer, line(cake));
            DemoTesting.eventually(me, "/order?limit=100", r -> r.json().path("orders").size() == 5);

            JsonNode first = me.get("/order?limit=2").json();
            JsonNode second = me.get(first.path("next").asText()).json();
            JsonNode third = me.get(second.path("next").asText()).json();

            List<String> seen = new ArrayList<>();
            for (JsonNode page : List.of(first, second, third)) {
                page.path("orders").forEach(o -> seen.add(o.path("id").asText()));
            }
            assertThat(seen).containsExactlyElementsOf(ids.reversed());
            assertThat(third.path("next").isNull()).isTrue();
        }

        @Test
        void answers_404_for_someone_else_s_order() {
            String location = order(customer, line(tea)).header("Location");
            orderWithStatus(customer, location, "placed");
            HttpTestClient other = DemoTesting.loggedIn(server, "snoop", "customer");

            assertError(other.get(location), 404, "not_found", null);
            assertThat(other.get("/order").json().path("orders").size()).isZero();
        }

        @Test
        void answers_404_for_an_unknown_order() {
            assertError(customer.get("/order/" + UUID.randomUUID()), 404, "not_found", null);
        }

        @Test
        void answers_401_without_a_session() {
            assertError(server.client().get("/order"), 401, "unauthorized", null);
            assertError(server.client().get("/order/" + UUID.randomUUID()), 401, "unauthorized", null);
        }

        @Test
        void answers_400_naming_a_bad_limit() {
            assertError(customer.get("/order?limit=0"), 400, "invalid_input", "limit");
            assertError(customer.get("/order?limit=many"), 400, "invalid_input", "limit");
        }
    }

    @Test
    void answers_404_as_json_for_an_unknown_path() {
        assertError(customer.get("/orders-of-everyone"), 404, "not_found", null);
    }
}
