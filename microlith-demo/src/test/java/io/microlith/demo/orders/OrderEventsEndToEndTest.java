package io.microlith.demo.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microlith.demo.DemoTesting;
import io.microlith.demo.RecordingMailer;
import io.microlith.testkit.Eventually;
import io.microlith.testkit.http.HttpTestClient;
import io.microlith.testkit.http.HttpTestServer;
import io.microlith.testkit.http.SseStream;
import io.microlith.testkit.http.TestResponse;
import io.microlith.testkit.http.WebSocketStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static io.microlith.demo.DemoTesting.WAIT;
import static io.microlith.demo.DemoTesting.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /order-events} over real WebSocket and Server-Sent Events connections, and the shop's live product list,
 * {@code /product-events} (through the products view's changes, or the RabbitMQ topic when the app runs on RabbitMQ).
 */
class OrderEventsEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static HttpTestServer server;
    static String teaLine;

    @BeforeAll
    static void start() {
        server = DemoTesting.start(DemoTesting.settings(), new RecordingMailer());
        HttpTestClient seller = DemoTesting.loggedIn(server, "seller", "seller");
        JsonNode tea = DemoTesting.addProduct(seller, "Tea", "2");
        teaLine = "{\"products\":[{\"productId\":\"" + tea.path("id").asText() + "\",\"price\":2}]}";
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode next(WebSocketStream socket) throws Exception {
        return JSON.readTree(socket.next(WAIT));
    }


    @Nested
    class Over_websocket {
        @Test
        void tells_me_my_order_is_pending_then_placed() throws Exception {
            HttpTestClient me = DemoTesting.loggedIn(server, "ws", "customer");
            try (WebSocketStream socket = me.webSocket("/order-events")) {
                JsonNode placed = placeUntilHeard(me, socket);
                String id = placed.path("data").path("id").asText();
                while (!(placed.path("data").path("id").asText().equals(id)
                        && placed.path("data").path("status").asText().equals("placed"))) {
                    placed = next(socket);
                }
                assertThat(placed.path("type").asText()).isEqualTo("order");
                assertThat(placed.path("data").path("id").asText()).isEqualTo(id);
                assertThat(placed.path("data").path("number").asLong()).isPositive();
            }
        }

        @Test
        void never_tells_me_about_someone_else_s_orders() throws Exception {
            HttpTestClient me = DemoTesting.loggedIn(server, "quiet", "customer");
            HttpTestClient other = DemoTesting.loggedIn(server, "busy", "customer");
            try (WebSocketStream socket = me.webSocket("/order-events")) {
                String othersOrder = other.postJson("/order", teaLine).header("Location");
                DemoTesting.orderWithStatus(other, othersOrder, "placed");
                // The other's order was placed before mine; had its events been sent to me, they would be
                // the first I hear, and placeUntilHeard would fail on them.
                String mine = placeUntilHeard(me, socket).path("data").path("id").asText();
                assertThat(mine).isNotEqualTo(othersOrder.substring("/order/".length()));
            }
        }

        @Test
        void is_refused_with_401_without_a_session() {
            assertThat(server.client().webSocketRefusal("/order-events")).isEqualTo(401);
        }

        /**
         * Places an order, and another each time nothing is heard for a moment (the subscription opens
         * just after the handshake, so the first order may come too early), until an event arrives;
         * returns it. It must be about one of my orders.
         */
        private JsonNode placeUntilHeard(HttpTestClient me, WebSocketStream socket) throws Exception {
            java.util.Set<String> mine = new java.util.HashSet<>();
            String message = Eventually.within(WAIT).describedAs("an order event").until(() -> {
                mine.add(me.postJson("/order", teaLine).header("Location").substring("/order/".length()));
                return socket.poll(java.time.Duration.ofMillis(300));
            }, java.util.Objects::nonNull);
            JsonNode event = JSON.readTree(message);
            assertThat(mine).as("an event about an order that is not mine").contains(event.path("data").path("id").asText());
            return event;
        }
    }

    @Nested
    class The_shop_s_product_list {
        @Test
        void hears_every_product_a_seller_adds_without_a_session() throws Exception {
            HttpTestClient seller = DemoTesting.loggedIn(server, "seller", "seller");
            try (SseStream products = server.client().sse("/product-events")) {
                assertThat(products.status()).isEqualTo(200);
                // the subscription opens just after the answer's headers: add products until one is heard
                java.util.Map<String, String> added = new java.util.HashMap<>();
                SseStream.Event heard = Eventually.within(WAIT).describedAs("a product event").until(() -> {
                    String name = "Live tea " + java.util.UUID.randomUUID().toString().substring(0, 6);
                    added.put(DemoTesting.addProduct(seller, name, "4.20").path("id").asText(), name);
                    return products.poll(java.time.Duration.ofMillis(300));
                }, java.util.Objects::nonNull);

                assertThat(heard.type()).isEqualTo("product");
                JsonNode product = JSON.readTree(heard.data());
                assertThat(added).containsEntry(product.path("id").asText(), product.path("name").asText());
                assertThat(product.path("price").decimalValue()).isEqualByComparingTo("4.20");
            }
        }
    }

    @Nested
    class Over_server_sent_events {
        @Test
        void tells_me_my_order_was_placed() throws Exception {
            HttpTestClient me = DemoTesting.loggedIn(server, "sse", "customer");
            try (SseStream stream = me.sse("/order-events")) {
                assertThat(stream.status()).isEqualTo(200);
                // The subscription opens just after the answer's headers: place orders until one is heard.
                SseStream.Event first = Eventually.within(WAIT).describedAs("an order event").until(() -> {
                    me.postJson("/order", teaLine);
                    return stream.poll(java.time.Duration.ofMillis(300));
                }, java.util.Objects::nonNull);
                SseStream.Event event = first;
                JsonNode placed = JSON.readTree(first.data());
                String id = placed.path("id").asText();
                while (true) {
                    assertThat(event.type()).isEqualTo("order");
                    assertThat(event.id()).isEqualTo(placed.path("version").asText());
                    if (placed.path("id").asText().equals(id) && placed.path("status").asText().equals("placed")) {
                        break;
                    }
                    event = stream.next(WAIT);
                    placed = JSON.readTree(event.data());
                }
                assertThat(placed.path("total").decimalValue()).isEqualByComparingTo("2");
            }
        }

        @Test
        void is_refused_with_401_as_json_without_a_session() {
            TestResponse response = server.client().send(server.client().request("/order-events")
                    .header("Accept", "text/event-stream").GET());
            assertError(response, 401, "unauthorized", null);
        }
    }
}
