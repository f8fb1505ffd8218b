package io.microlith.demo.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microlith.demo.DemoApp;
import io.microlith.demo.DemoTesting;
import io.microlith.demo.RecordingMailer;
import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.testkit.Eventually;
import io.microlith.testkit.http.HttpTestClient;
import io.microlith.testkit.http.HttpTestServer;
import io.microlith.testkit.http.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.microlith.demo.DemoTesting.WAIT;
import static io.microlith.demo.DemoTesting.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the admin portal over real HTTP: who may use it (401 anonymous, 403 for a user who is no
 * administrator and for a named one who has not entered the code), what each answers, and its 404s and 400s.
 */
class AdminEndToEndTest {
    static final String ADMIN = DemoTesting.newEmail("admin");
    static final String NAMED_ONLY = DemoTesting.newEmail("named");
    static final String ZERO = "00000000-0000-0000-0000-000000000000";
    /** Every route of the portal, with path parameters that exist (or, for ids, need not: auth comes first). */
    static final List<String[]> ROUTES = List.of(
            new String[]{"GET", "/admin/api/me"}, new String[]{"GET", "/admin/api/categories"},
            new String[]{"GET", "/admin/api/categories/order/streams"},
            new String[]{"GET", "/admin/api/streams/order-" + ZERO + "/messages"},
            new String[]{"GET", "/admin/api/messages/" + ZERO}, new String[]{"GET", "/admin/api/correlations/x"},
            new String[]{"GET", "/admin/api/consumers"}, new String[]{"GET", "/admin/api/consumers/order:command/microlith.commands"},
            new String[]{"GET", "/admin/api/parked"},
            new String[]{"POST", "/admin/api/consumers/email:command/microlith.commands/parked/" + ZERO + "/retry"},
            new String[]{"POST", "/admin/api/consumers/email:command/microlith.commands/parked/" + ZERO + "/skip"},
            new String[]{"GET", "/admin/api/views"}, new String[]{"GET", "/admin/api/views/users"},
            new String[]{"POST", "/admin/api/views/users/rebuild"}, new String[]{"GET", "/admin"});

    static DemoApp app;
    static HttpTestServer server;
    static final RecordingMailer mailer = new RecordingMailer();
    static HttpTestClient admin;
    static FlakyConsumer flaky;

    @BeforeAll
    static void start() {
        app = DemoApp.start(DemoTesting.settings().withAdmins(Set.of(ADMIN, NAMED_ONLY)), mailer);
        server = HttpTestServer.of(app.port(), app::close);
        admin = DemoTesting.loggedInAsAdmin(server, app, ADMIN);
        flaky = new FlakyConsumer(app);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static TestResponse send(HttpTestClient client, String method, String path) {
        return method.equals("GET") ? client.get(path) : client.post(path);
    }

    /** Places an order as a new customer and returns its correlation id. */
    private static String placeOrder() {
        HttpTestClient seller = DemoTesting.loggedIn(server, "seller", "seller");
        JsonNode product = DemoTesting.addProduct(seller, "Tea " + UUID.randomUUID().toString().substring(0, 6), "2.50");
        TestResponse accepted = seller.postJson("/order", "{\"products\":[{\"productId\":\"" + product.path("id").asText()
                + "\",\"price\":2.50}]}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        DemoTesting.orderWithStatus(seller, accepted.header("Location"), "placed");
        return accepted.header("X-Correlation-Id");
    }

    @Nested
    class WhoMayUseIt {
        @Test
        void answers_401_to_a_request_without_a_session_on_every_route() {
            for (String[] route : ROUTES) {
                assertError(send(server.client(), route[0], route[1]), 401, "unauthorized", null);
            }
        }

        @Test
        void answers_403_to_a_user_who_is_no_administrator_on_every_route() {
            HttpTestClient customer = DemoTesting.loggedIn(server, "customer", "customer");
            for (String[] route : ROUTES) {
                assertError(send(customer, route[0], route[1]), 403, "forbidden", null);
            }
            assertError(customer.postJson("/admin/api/confirm", "{\"code\":\"" + app.admin().administrators().code() + "\"}"),
                    403, "forbidden", null);
        }

        @Test
        void answers_403_to_a_named_administrator_until_the_code_is_entered_and_400_for_a_wrong_code() {
            HttpTestClient named = DemoTesting.loggedInAs(server, NAMED_ONLY, "customer");
            for (String[] route : ROUTES) {
                TestResponse refused = send(named, route[0], route[1]);
                assertError(refused, 403, "forbidden", null);
                assertThat(refused.json().path("message").asText()).contains("code");
            }
            assertError(named.postJson("/admin/api/confirm", "{\"code\":\"WRONG-CODE-0000\"}"), 400, "invalid_input", "code");
            assertError(named.postJson("/admin/api/confirm", "[]"), 400, "bad_request", null);
            assertError(server.client().postJson("/admin/api/confirm", "{\"code\":\"x\"}"), 401, "unauthorized", null);

            String code = app.admin().administrators().code().toLowerCase(java.util.Locale.ROOT);
            assertThat(named.postJson("/admin/api/confirm", "{\"code\":\" " + code + " \"}").status()).isEqualTo(200);

            assertThat(named.get("/admin/api/me").json().path("email").asText()).isEqualTo(NAMED_ONLY);
            Message confirmed = app.microlith().store().readStream(StreamName.of("admin",
                    named.get("/admin/api/me").json().path("userId").asText()), 0, 10).getFirst();
            assertThat(confirmed.type()).isEqualTo("AdministratorConfirmed");
        }

        @Test
        void serves_the_page_to_a_browser_with_the_status_of_the_api_and_json_to_a_script() {
            TestResponse anonymousBrowser = server.client().header("Accept", "text/html").get("/admin");
            assertThat(anonymousBrowser.status()).isEqualTo(401);
            assertThat(anonymousBrowser.header("Content-Type")).startsWith("text/html");
            assertThat(anonymousBrowser.body()).contains("admin portal");
            assertError(server.client().get("/admin"), 401, "unauthorized", null);
            TestResponse page = admin.get("/admin");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Type")).startsWith("text/html");
        }
    }

    @Nested
    class TheStore {
        @Test
        void lists_categories_streams_and_a_streams_messages_page_by_page_and_one_message_with_data_and_metadata() {
            placeOrder();

            JsonNode categories = admin.get("/admin/api/categories").json();
            List<String> names = new ArrayList<>();
            categories.path("categories").forEach(c -> names.add(c.path("category").asText()));
            assertThat(names).contains("order", "order:command", "product", "user", "admin");
            assertThat(categories.path("head").asLong()).isPositive();

            JsonNode streams = admin.get("/admin/api/categories/order/streams?limit=1").json();
            assertThat(streams.path("streams")).hasSize(1);
            String stream = streams.path("streams").get(0).path("streamName").asText();
            assertThat(stream).startsWith("order-");

            JsonNode page = admin.get("/admin/api/streams/" + stream + "/messages?limit=1").json();
            assertThat(page.path("messages")).hasSize(1);
            JsonNode first = page.path("messages").get(0);
            assertThat(first.path("position").asLong()).isZero();
            assertThat(first.path("data").isObject()).isTrue();

            JsonNode message = admin.get("/admin/api/messages/" + first.path("id").asText()).json();
            assertThat(message.path("stream").asText()).isEqualTo(stream);
            assertThat(message.path("metadata").path("correlationId").asText()).isEqualTo(first.path("correlationId").asText());
            assertThat(message.path("causationId").asText()).isNotBlank();
        }

        @Test
        void answers_404_for_what_the_store_does_not_hold() {
            assertError(admin.get("/admin/api/categories/nothing" + System.nanoTime() + "/streams"), 404, "not_found", null);
            assertError(admin.get("/admin/api/streams/order-" + UUID.randomUUID() + "/messages"), 404, "not_found", null);
            assertError(admin.get("/admin/api/messages/" + UUID.randomUUID()), 404, "not_found", null);
            assertError(admin.get("/admin/api/correlations/" + UUID.randomUUID()), 404, "not_found", null);
        }

        @Test
        void answers_400_naming_the_parameter_that_is_wrong() {
            assertError(admin.get("/admin/api/categories/not-a-category/streams"), 400, "invalid_input", "category");
            assertError(admin.get("/admin/api/categories/order/streams?limit=0"), 400, "invalid_input", "limit");
            assertError(admin.get("/admin/api/categories/order/streams?before=x"), 400, "invalid_input", "before");
            assertError(admin.get("/admin/api/streams/order/messages"), 400, "invalid_input", "stream");
            assertError(admin.get("/admin/api/streams/order-1/messages?from=-1"), 400, "invalid_input", "from");
            assertError(admin.get("/admin/api/messages/not-an-id"), 400, "invalid_input", "id");
            assertError(admin.get("/admin/api/correlations/" + "x".repeat(101)), 400, "invalid_input", "correlationId");
        }
    }

    @Nested
    class TheChainOfARequest {
        @Test
        void shows_every_message_of_a_request_as_a_causal_tree_with_times_and_the_consumers_that_handled_each() {
            String correlationId = placeOrder();

            JsonNode chain = Eventually.within(WAIT).until(() -> admin.get("/admin/api/correlations/" + correlationId).json(),
                    tree -> tree.path("roots").get(0).path("children").size() > 0);

            JsonNode root = chain.path("roots").get(0);
            assertThat(chain.path("roots")).hasSize(1);
            assertThat(root.path("message").path("type").asText()).isEqualTo("PlaceOrder");
            assertThat(root.path("afterMs").asLong()).isZero();
            List<String> commandHandlers = new ArrayList<>();
            root.path("handledBy").forEach(h -> commandHandlers.add(h.path("consumer").asText() + " " + h.path("state").asText()));
            assertThat(commandHandlers).contains(app.microlith().name() + ".commands handled");
            JsonNode placed = root.path("children").get(0);
            assertThat(placed.path("message").path("type").asText()).isEqualTo("OrderPlaced");
            assertThat(placed.path("message").path("causationId").asText()).isEqualTo(root.path("message").path("id").asText());
            assertThat(placed.path("afterMs").asLong()).isNotNegative();
            List<String> consumers = new ArrayList<>();
            placed.path("handledBy").forEach(h -> consumers.add(h.path("consumer").asText()));
            assertThat(consumers).isNotEmpty();
        }
    }

    @Nested
    class Consumers {
        @Test
        void lists_each_consumer_with_position_head_lag_activity_and_throughput_and_keeps_its_history() {
            JsonNode consumers = admin.get("/admin/api/consumers").json();
            JsonNode orders = null;
            for (JsonNode consumer : consumers.path("consumers")) {
                if (consumer.path("category").asText().equals("order:command")
                        && consumer.path("name").asText().equals(app.microlith().name() + ".commands")) {
                    orders = consumer;
                }
            }
            assertThat(orders).isNotNull();
            assertThat(orders.path("activity").asText()).isIn("running", "retrying", "holding back");
            assertThat(orders.path("head").asLong()).isGreaterThanOrEqualTo(orders.path("position").asLong());
            assertThat(orders.has("lag") && orders.has("perSecond") && orders.has("parked")).isTrue();

            JsonNode detail = Eventually.within(WAIT).until(
                    () -> admin.get("/admin/api/consumers/order:command/" + app.microlith().name() + ".commands").json(),
                    d -> d.path("history").size() >= 2);
            JsonNode sample = detail.path("history").get(0);
            assertThat(sample.has("time") && sample.has("lag") && sample.has("perSecond") && sample.has("position")).isTrue();
            assertThat(detail.path("intervalMs").asLong()).isEqualTo(2000);
            assertError(admin.get("/admin/api/consumers/order:command/nobody"), 404, "not_found", null);
        }
    }

    @Nested
    class ParkedMessages {
        private static JsonNode find(JsonNode parked, String messageId) {
            for (JsonNode p : parked) {
                if (p.path("messageId").asText().equals(messageId)) {
                    return p;
                }
            }
            return null;
        }

        /** Waits until the message is parked, and returns it as the portal lists it. */
        private JsonNode parked(String messageId) {
            return Eventually.within(WAIT).until(() -> find(admin.get("/admin/api/parked").json().path("parked"), messageId),
                    java.util.Objects::nonNull);
        }

        private String path(JsonNode p, String action) {
            return "/admin/api/consumers/" + p.path("category").asText() + "/" + p.path("consumer").asText() + "/parked/"
                    + p.path("messageId").asText() + "/" + action;
        }

        private List<Message> audit() {
            String userId = admin.get("/admin/api/me").json().path("userId").asText();
            return app.microlith().store().readStream(StreamName.of("admin", userId), 0, 1000);
        }

        @Test
        void retries_a_parked_message_answering_409_while_it_still_fails_and_200_once_it_goes_through_audited_both_times() {
            flaky.down(true);
            String id = flaky.send();
            JsonNode parked = parked(id);
            assertThat(parked.path("error").asText()).contains("the flaky service is down");
            assertThat(parked.path("consumer").asText()).isEqualTo(FlakyConsumer.NAME);

            assertError(admin.post(path(parked, "retry")), 409, "conflict", null);
            flaky.down(false);
            TestResponse retried = admin.post(path(parked(id), "retry"));

            assertThat(retried.status()).as(retried.body()).isEqualTo(200);
            assertThat(retried.json().path("outcome").asText()).isEqualTo("handled");
            assertThat(find(admin.get("/admin/api/parked").json().path("parked"), id)).isNull();
            assertThat(flaky.handled()).contains(id);
            List<Message> audit = audit().stream().filter(m -> m.data().contains(id)).toList();
            assertThat(audit).extracting(Message::type).containsExactly("ParkedMessageRetried", "ParkedMessageRetried");
            // parsed: PostgreSQL keeps data as jsonb, which it writes back with spaces
            assertThat(succeeded(audit.get(0))).isFalse();
            assertThat(succeeded(audit.get(1))).isTrue();
            // the audit follows the parked message: it is part of that message's conversation
            assertThat(audit.get(1).metadata().causation().messageId().toString()).isEqualTo(id);
            JsonNode chain = admin.get("/admin/api/correlations/" + audit.get(1).correlationId()).json();
            assertThat(chain.path("messages").asInt()).isEqualTo(3);
            assertThat(chain.path("roots").get(0).path("children")).hasSize(2);
        }

        private static boolean succeeded(Message audited) {
            try {
                return new ObjectMapper().readTree(audited.data()).path("succeeded").asBoolean();
            } catch (JsonProcessingException e) {
                throw new AssertionError("Unreadable audit " + audited.data(), e);
            }
        }

        @Test
        void skips_a_poison_command_audited_and_answers_404_for_one_not_parked_and_400_for_a_bad_id() {
            String orderId = UUID.randomUUID().toString();
            var written = app.microlith().store().write(StreamName.of("order:command", orderId),
                    io.microlith.message.NewMessage.of("PlaceOrder", "{\"orderId\":\"" + orderId + "\",\"lines\":\"none\"}"));
            String id = app.microlith().store().readStream(written.streamName(), 0, 1).getFirst().id().toString();
            JsonNode parked = parked(id);

            TestResponse skipped = admin.post(path(parked, "skip"));

            assertThat(skipped.status()).as(skipped.body()).isEqualTo(200);
            assertThat(skipped.json().path("outcome").asText()).isEqualTo("skipped");
            assertThat(audit()).anyMatch(m -> m.type().equals("ParkedMessageSkipped") && m.data().contains(id));
            assertError(admin.post(path(parked, "skip")), 404, "not_found", null);
            assertError(admin.post(path(parked, "retry").replace(id, "nope")), 400, "invalid_input", "messageId");
            assertError(admin.post("/admin/api/consumers/order:command/nobody/parked/" + ZERO + "/retry"), 404, "not_found", null);
        }
    }

    @Nested
    class Views {
        @Test
        void rebuilds_a_view_with_its_progress_answering_202_then_done_and_404_for_a_view_it_does_not_keep() {
            JsonNode views = admin.get("/admin/api/views").json().path("views");
            assertThat(views).anyMatch(v -> v.path("view").asText().equals("users"));
            String before = admin.get("/admin/api/views/users").json().path("active").asText();

            TestResponse accepted = admin.post("/admin/api/views/users/rebuild");

            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            assertThat(accepted.header("Location")).isEqualTo("/admin/api/views/users");
            JsonNode done = Eventually.within(WAIT).until(() -> admin.get("/admin/api/views/users").json(),
                    v -> !v.path("rebuilding").asBoolean() && v.path("progress").path("done").asBoolean());
            assertThat(done.path("active").asText()).isNotEqualTo(before);
            assertThat(done.path("progress").path("fraction").asDouble()).isEqualTo(1.0);
            assertError(admin.get("/admin/api/views/nothing"), 404, "not_found", null);
            assertError(admin.post("/admin/api/views/nothing/rebuild"), 404, "not_found", null);
        }
    }
}
