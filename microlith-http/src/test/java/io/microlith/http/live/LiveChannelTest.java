package io.microlith.http.live;

import io.javalin.Javalin;
import io.microlith.http.HttpSettings;
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
import java.util.concurrent.TimeUnit;

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
        LiveChannel.mount(app, "/keyed", feed, ctx -> ctx.cookie("user"), ctx -> ctx.cookie("session"));
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

    static HttpTestClient as(String user, String session) {
        HttpTestClient client = as(user);
        client.setCookie("session", session);
        return client;
    }

    static String ownOrigin() {
        return "http://127.0.0.1:" + server.port();
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

        @Test
        void is_refused_with_403_from_a_page_of_another_origin() {
            assertThat(as("ann-ws").header("Origin", "https://evil.example").webSocketRefusal("/events")).isEqualTo(403);
            assertThat(as("ann-ws").header("Origin", "null").webSocketRefusal("/events")).isEqualTo(403);
            assertThat(as("ann-ws").header("Origin", "http://127.0.0.1:1").webSocketRefusal("/events")).isEqualTo(403);
        }

        @Test
        void is_accepted_from_a_page_of_its_own_origin() throws Exception {
            try (WebSocketStream socket = as("own-ws").header("Origin", ownOrigin()).webSocket("/events")) {
                awaitSubscriber("own-ws");
                feed.publish("own-ws", new LiveEvent("order", "1", Map.of()));
                assertThat(nextOrder(socket)).contains("\"id\":\"1\"");
            }
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
        void is_refused_with_403_as_json_from_a_page_of_another_origin() {
            try (SseStream stream = as("ann-sse").header("Origin", "https://evil.example").sse("/events")) {
                assertThat(stream.status()).isEqualTo(403);
            }
            HttpTestClient client = as("ann-sse").header("Origin", "https://evil.example");
            TestResponse response = client.send(client.request("/events").header("Accept", "text/event-stream").GET());
            assertThat(response.json().path("error").asText()).isEqualTo("forbidden");
        }

        @Test
        void is_accepted_from_a_page_of_its_own_origin() {
            try (SseStream stream = as("own-sse").header("Origin", ownOrigin()).sse("/events")) {
                assertThat(stream.status()).isEqualTo(200);
            }
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

    @Nested
    class Disconnecting_a_key {
        @Test
        void closes_every_stream_opened_with_it_and_no_other() throws Exception {
            try (WebSocketStream loggedOutSocket = as("dora", "session-1").webSocket("/keyed");
                 SseStream loggedOutStream = as("dora", "session-1").sse("/keyed");
                 WebSocketStream otherSession = as("dora", "session-2").webSocket("/keyed")) {
                Eventually.within(WAIT).until(() -> feed.publish("dora", new LiveEvent("probe", null, Map.of())),
                        subscribers -> subscribers == 3);

                assertThat(feed.disconnect("session-1", "logged out")).isEqualTo(2);

                assertThat(loggedOutSocket.closed().get(5, TimeUnit.SECONDS)).contains("logged out");
                loggedOutStream.ended().get(5, TimeUnit.SECONDS);
                assertThat(feed.publish("dora", new LiveEvent("order", "9", Map.of("still", "mine")))).isEqualTo(1);
                String message;
                do {
                    message = otherSession.next(WAIT);
                } while (message.contains("\"probe\""));
                assertThat(message).contains("still");
            }
        }

        @Test
        void retired_closes_the_streams_its_key_opens_afterwards_as_a_request_admitted_before_a_logout_would() throws Exception {
            feed.retire("session-9", "logged out");

            try (WebSocketStream socket = as("dora", "session-9").webSocket("/keyed");
                 SseStream stream = as("dora", "session-9").sse("/keyed")) {
                assertThat(socket.closed().get(5, TimeUnit.SECONDS)).contains("logged out");
                stream.ended().get(5, TimeUnit.SECONDS);
                assertThat(feed.subscriberCount()).isZero();
            }
        }

        @Test
        void closes_nothing_for_an_unknown_key() {
            assertThat(feed.disconnect("no-such-session")).isZero();
        }
    }

    /** A server whose live channel accepts pages of one configured origin. */
    @Nested
    class Per_client {
        @Test
        void one_stream_beyond_the_limit_is_answered_429_with_retry_after_and_one_may_open_again_once_one_closed()
                throws Exception {
            try (LiveFeed own = new LiveFeed(16, Duration.ofMinutes(1), 2)) {
                Javalin app = MicrolithHttp.create(config -> {
                });
                LiveChannel.mount(app, "/events", own, ctx -> "eve");
                try (HttpTestServer shop = HttpTestServer.start(app);
                     SseStream held = shop.client().sse("/events")) {
                    WebSocketStream socket = shop.client().webSocket("/events");
                    Eventually.within(WAIT).until(() -> own.streamsOpenBy("127.0.0.1"), open -> open == 2);

                    assertThat(shop.client().webSocketRefusal("/events")).isEqualTo(429);
                    HttpTestClient client = shop.client();
                    TestResponse refused = client.send(client.request("/events").header("Accept", "text/event-stream").GET());
                    assertThat(refused.status()).isEqualTo(429);
                    assertThat(refused.json().path("error").asText()).isEqualTo("too_many_requests");
                    assertThat(refused.header("Retry-After")).isEqualTo("5");
                    assertThat(held.status()).isEqualTo(200);

                    socket.close();
                    Eventually.within(WAIT).until(() -> own.streamsOpenBy("127.0.0.1"), open -> open == 1);
                    try (WebSocketStream again = shop.client().webSocket("/events")) {
                        assertThat(again).isNotNull();
                    }
                }
            }
        }
    }

    @Nested
    class With_configured_origins {
        @Test
        void accepts_those_origins_and_refuses_others_including_its_own() throws Exception {
            try (LiveFeed own = new LiveFeed()) {
                Javalin app = MicrolithHttp.create(HttpSettings.defaults().withAllowedOrigins("https://Shop.Example:443"), config -> {
                });
                LiveChannel.mount(app, "/events", own, ctx -> "eve");
                try (HttpTestServer shop = HttpTestServer.start(app)) {
                    try (WebSocketStream socket = shop.client().header("Origin", "https://shop.example").webSocket("/events")) {
                        assertThat(socket).isNotNull();
                    }
                    assertThat(shop.client().header("Origin", "http://127.0.0.1:" + shop.port()).webSocketRefusal("/events"))
                            .isEqualTo(403);
                    try (SseStream stream = shop.client().header("Origin", "https://evil.example").sse("/events")) {
                        assertThat(stream.status()).isEqualTo(403);
                    }
                }
            }
        }
    }
}
