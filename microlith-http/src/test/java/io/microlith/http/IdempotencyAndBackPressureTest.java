package io.microlith.http;

import io.javalin.Javalin;
import io.microlith.Microlith;
import io.microlith.bus.Envelope;
import io.microlith.consumer.PositionStore;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.testkit.http.HttpTestClient;
import io.microlith.testkit.http.HttpTestServer;
import io.microlith.testkit.http.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Idempotency keys and back-pressure on command routes, over real HTTP, on a Microlith with the in-memory store. */
class IdempotencyAndBackPressureTest {
    record PlaceOrder(String orderId, String user) {
    }

    record Greet(String name) {
    }

    record Greeted(String greeting, String id) {
    }

    record Enqueue(String id) {
    }

    /** A clock the test moves by hand. */
    static final class TestClock implements InstantSource {
        volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }
    }

    static Microlith microlith;
    static HttpTestServer server;
    static final TestClock clock = new TestClock();
    static BackPressure queue;

    @BeforeAll
    static void start() {
        microlith = Microlith.create(config -> config
                .route(PlaceOrder.class, "shop:command", PlaceOrder::orderId)
                .route(Greet.class, "greeter:command", Greet::name)
                .route(Greeted.class, "greeting", g -> g.id())
                .route(Enqueue.class, "queue:command", Enqueue::id));
        // a greeting with an id of its own: a second handling would be visible as a second, different answer
        microlith.commandBus().subscribe(Greet.class, greet -> microlith.eventBus().dispatch(
                new Greeted("Hello " + greet.name(), UUID.randomUUID().toString())));
        microlith.start();
        queue = BackPressure.builder(microlith.store()).watch("queue:command", "worker").maxPending(2)
                .measureEvery(Duration.ofSeconds(1)).retryAfter(Duration.ofSeconds(3)).clock(clock).describedAs("jobs").build();

        Javalin app = MicrolithHttp.create(config -> {
        });
        app.post("/order", ctx -> {
            String user = ctx.header("X-User");
            CommandIds ids = CommandIds.of(ctx, "order", user);
            String orderId = ids.id("order");
            BusRoutes.accept(ctx, microlith.commandBus(), ids.envelope(new PlaceOrder(orderId, user)), "/order/" + orderId);
        });
        app.post("/greet/{name}", ctx -> {
            CommandIds ids = CommandIds.of(ctx, "greet", "anyone");
            ctx.json(BusRoutes.request(ctx, microlith.commandBus(), ids.envelope(new Greet(ctx.pathParam("name"))),
                    Greeted.class, Duration.ofSeconds(5), "the greeting"));
        });
        app.post("/job", ctx -> BusRoutes.accept(ctx, microlith.commandBus(),
                Envelope.correlated(new Enqueue(UUID.randomUUID().toString())), null, queue));
        server = HttpTestServer.start(app);
    }

    @AfterAll
    static void stop() {
        server.close();
        microlith.close();
    }

    static TestResponse post(String path, String user, String key) {
        HttpTestClient client = server.client();
        HttpRequest.Builder request = client.request(path).POST(HttpRequest.BodyPublishers.noBody()).header("X-User", user);
        if (key != null) {
            request.header(CommandIds.HEADER, key);
        }
        return client.send(request);
    }

    static int stored(String category) {
        return microlith.store().readCategory(category, 1, 10_000).size();
    }

    static int storedIn(String stream) {
        return microlith.store().readStream(StreamName.of(stream), 0).size();
    }

    @Nested
    class An_idempotency_key {
        @Test
        void repeated_on_a_202_route_gets_the_first_answer_and_stores_nothing_new() {
            TestResponse first = post("/order", "ann", "order-key-1");
            TestResponse again = post("/order", "ann", "order-key-1");

            assertThat(first.status()).isEqualTo(202);
            assertThat(again.status()).isEqualTo(202);
            assertThat(again.header("Location")).isEqualTo(first.header("Location")).startsWith("/order/");
            assertThat(again.header(MicrolithHttp.CORRELATION_ID)).isEqualTo(first.header(MicrolithHttp.CORRELATION_ID));
            assertThat(storedIn("shop:command-" + first.header("Location").substring("/order/".length()))).isEqualTo(1);
        }

        @Test
        void of_another_identity_is_another_request() {
            TestResponse ann = post("/order", "ann", "shared-key");
            TestResponse bob = post("/order", "bob", "shared-key");

            assertThat(bob.header("Location")).isNotEqualTo(ann.header("Location"));
        }

        @Test
        void is_not_needed_each_request_without_one_is_new() {
            assertThat(post("/order", "ann", null).header("Location")).isNotEqualTo(post("/order", "ann", null).header("Location"));
        }

        @Test
        void in_quotes_is_the_same_key() {
            assertThat(post("/order", "cid", "\"quoted-1\"").header("Location"))
                    .isEqualTo(post("/order", "cid", "quoted-1").header("Location"));
        }

        @Test
        void repeated_on_a_request_response_route_gets_the_first_outcome_and_handles_nothing_twice() {
            int greetingsBefore = stored("greeting");
            TestResponse first = post("/greet/dora", "x", "greet-key-1");
            TestResponse again = post("/greet/dora", "x", "greet-key-1");

            assertThat(first.status()).as(first.body()).isEqualTo(200);
            assertThat(again.status()).as(again.body()).isEqualTo(200);
            assertThat(again.body()).as("the same greeting, id included").isEqualTo(first.body());
            assertThat(again.header(MicrolithHttp.CORRELATION_ID)).isEqualTo(first.header(MicrolithHttp.CORRELATION_ID));
            assertThat(storedIn("greeter:command-dora")).isEqualTo(1);
            assertThat(stored("greeting") - greetingsBefore).isEqualTo(1);
        }

        @Test
        void that_is_malformed_is_refused_with_400_before_anything_is_stored() {
            int before = stored("shop:command");
            for (String bad : new String[]{"", "k".repeat(129), "two words", "tab\there", "a,b", "\"\""}) {
                TestResponse response = post("/order", "ann", bad);
                assertThat(response.status()).as("key [%s]: %s", bad, response.body()).isEqualTo(400);
                assertThat(response.json().path("field").asText()).isEqualTo("Idempotency-Key");
            }
            assertThat(stored("shop:command")).isEqualTo(before);
        }

        @Test
        void with_a_byte_beyond_ascii_is_refused() {
            TestResponse response = server.client().raw("POST /order HTTP/1.1\r\nHost: a\r\nX-User: ann\r\nContent-Length: 0\r\n"
                    + "Idempotency-Key: caf\u00e9\r\nConnection: close\r\n\r\n");
            assertThat(response.status()).as(response.body()).isEqualTo(400);
        }

        @Test
        void given_twice_is_refused() {
            HttpTestClient client = server.client();
            TestResponse response = client.send(client.request("/order").POST(HttpRequest.BodyPublishers.noBody())
                    .header("X-User", "ann").header(CommandIds.HEADER, "a").header(CommandIds.HEADER, "b"));
            assertThat(response.status()).isEqualTo(400);
        }

        @Test
        void derives_the_same_ids_only_for_the_same_scope_identity_and_key() {
            CommandIds ids = CommandIds.keyed("order", "ann", "k1");
            assertThat(CommandIds.keyed("order", "ann", "k1").messageId()).isEqualTo(ids.messageId());
            assertThat(CommandIds.keyed("order", "ann", "k1").id("order")).isEqualTo(ids.id("order"));
            assertThat(CommandIds.keyed("product", "ann", "k1").messageId()).isNotEqualTo(ids.messageId());
            assertThat(CommandIds.keyed("order", "ann1", "k").messageId()).as("no ambiguity in joining the parts")
                    .isNotEqualTo(CommandIds.keyed("order", "ann", "1k").messageId());
            assertThat(ids.id("order")).isNotEqualTo(ids.id("invoice")).isNotEqualTo(ids.correlationId());
            CommandIds fresh = CommandIds.fresh();
            assertThat(fresh.id("order")).isEqualTo(fresh.id("order")).isNotEqualTo(CommandIds.fresh().id("order"));
            assertThat(fresh.keyed()).isFalse();
            assertThat(ids.keyed()).isTrue();
        }
    }

    @Nested
    class Back_pressure {
        @Test
        void refuses_with_503_while_behind_stores_nothing_and_admits_again_once_caught_up() {
            clock.now = clock.now.plusSeconds(60);
            for (int i = 0; i < 3; i++) {
                assertThat(server.client().post("/job").status()).as("measured once, before the backlog").isEqualTo(202);
            }
            assertThat(stored("queue:command")).isEqualTo(3);

            clock.now = clock.now.plusSeconds(1);
            TestResponse refused = server.client().post("/job");

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("3");
            assertThat(refused.json().path("error").asText()).isEqualTo("unavailable");
            assertThat(refused.body()).doesNotContain("queue:command").doesNotContain("worker");
            assertThat(stored("queue:command")).isEqualTo(3);
            assertThat(queue.refusedCount()).isPositive();
            assertThat(queue.lags()).singleElement().satisfies(lag -> assertThat(lag.pendingAtMost()).isEqualTo(3));

            long head = microlith.store().headGlobalPosition();
            microlith.store().write(StreamName.of("queue:command+position-worker"),
                    NewMessage.of(PositionStore.RECORDED, "{\"position\":" + head + "}"));
            assertThat(server.client().post("/job").status()).as("until the next measure").isEqualTo(503);

            clock.now = clock.now.plusSeconds(1);
            assertThat(server.client().post("/job").status()).isEqualTo(202);
        }
    }
}
