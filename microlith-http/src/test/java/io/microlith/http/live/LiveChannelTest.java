package io.microlith.http.live;

import io.javalin.Javalin;
import io.microlith.http.MicrolithHttp;
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

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The live channel over real HTTP; the audience is the value of a "user" cookie. */
class LiveChannelTest {
    static final Duration WAIT = Duration.ofSeconds(5);
    static LiveFeed feed;
    static HttpTestServer server;

    @BeforeAll
    static void start() {
        feed = new LiveFeed();
        Javalin app = MicrolithHttp.create(config -> {
        });
        LiveChannel.mount(app, "/events", feed, ctx -> ctx.cookie("user"));
        server = HttpTestServer.start(app);
    }

    @AfterAll
    static void stop() {
        server.close();
        feed.close();
    }

    static HttpTestClient as(String user) {
        HttpTestClient client = server.client();
        client.setCookie("user", user);
        return client;
    }

    /** Publishes until the audience has a subscriber: the socket's subscription opens asynchronously. */
    static void awaitSubscriber(String audience) {
        Eventually.within(WAIT).until(() -> feed.publish(audience, new LiveEvent("probe", null, Map.of())),
                subscribers -> subscribers > 0);
    }

    @Nested
    class Over_websocket {
        @Test
        void delivers_the_events_of_its_audience_in_order() throws Exception {
            try (WebSocketStream socket = as("ann-ws").webSocket("/events")) {
                awaitSubscriber("ann-ws");
                feed.publish("ann-ws", new LiveEvent("order", "7", Map.of("status", "pending")));
                feed.publish("ann-ws", new LiveEvent("order", "8", Map.of("status", "placed")));

                assertThat(nextOrder(socket)).contains("\"id\":\"7\"").contains("pending");
                assertThat(nextOrder(socket)).contains("\"id\":\"8\"").contains("placed");
            }
        }

        @Test
        void does_not_deliver_another_audience_s_events() throws Exception {
            try (WebSocketStream bob = as("bob-ws").webSocket("/events")) {
                awaitSubscriber("bob-ws");
                feed.publish("eve-ws", new LiveEvent("order", "1", Map.of("secret", true)));
                feed.publish("bob-ws", new LiveEvent("order", "2", Map.of("mine", true)));

                assertThat(nextOrder(bob)).contains("mine").doesNotContain("secret");
            }
        }

        @Test
        void is_refused_with_401_without_an_audience() {
            assertThat(server.client().webSocketRefusal("/events")).isEqualTo(401);
        }

        private String nextOrder(WebSocketStream socket) {
            String message;
            do {
                message = socket.next(WAIT);
            } while (message.contains("\"probe\""));
            return message;
        }
    }

    @Nested
    class Over_server_sent_events {
        @Test
        void delivers_the_events_of_its_audience_with_type_and_id() throws Exception {
            try (SseStream stream = as("ann-sse").sse("/events")) {
                assertThat(stream.status()).isEqualTo(200);
                awaitSubscriber("ann-sse");
                feed.publish("ann-sse", new LiveEvent("order", "42", Map.of("status", "placed")));

                SseStream.Event event = stream.next("order", WAIT);
                assertThat(event.id()).isEqualTo("42");
                assertThat(event.data()).isEqualTo("{\"status\":\"placed\"}");
            }
        }

        @Test
        void is_refused_with_401_as_json_without_an_audience() {
            TestResponse response = server.client().send(server.client().request("/events")
                    .header("Accept", "text/event-stream").GET());
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.json().path("error").asText()).isEqualTo("unauthorized");
        }

        @Test
        void forgets_a_subscriber_whose_client_went_away() throws Exception {
            SseStream stream = as("gone-sse").sse("/events");
            awaitSubscriber("gone-sse");
            stream.close();
            // The server learns of the closed connection when a write fails.
            Eventually.within(WAIT).until(() -> feed.publish("gone-sse", new LiveEvent("order", null, Map.of())),
                    subscribers -> subscribers == 0);
        }
    }
}
