package io.microlith.demo.split;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microlith.demo.DemoTesting;
import io.microlith.demo.RecordingMailer;
import io.microlith.demo.identity.Sessions;
import io.microlith.testkit.Eventually;
import io.microlith.testkit.http.HttpTestClient;
import io.microlith.testkit.http.HttpTestServer;
import io.microlith.testkit.http.TestResponse;
import io.microlith.testkit.http.WebSocketStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static io.microlith.demo.DemoTesting.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The split deployment of the README, on PostgreSQL: two web processes (two ports, no load balancer), the components
 * and the aggregators, each a process of the built jar. What the single process does must hold across them: a
 * request waits for an outcome written by another process, a session opened on one web process is known to the
 * other, and both push live updates that the aggregators' process announces.
 */
class SplitDeploymentIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    static SplitDeployment split;
    static HttpTestServer webA;
    static HttpTestServer webB;
    static RecordingMailer outbox = new RecordingMailer();

    @BeforeAll
    static void start() {
        // a generous deadline: the first requests meet cold JVMs, on a machine the build shares (504s are tested apart)
        split = SplitDeployment.start(DemoTesting.settings().withDeadline(Duration.ofSeconds(20)), 2);
        webA = HttpTestServer.of(split.web(0).port(), () -> { });
        webB = HttpTestServer.of(split.web(1).port(), () -> { });
        outbox.readOutbox(split.outbox());
    }

    @AfterAll
    static void stop() {
        split.close();
    }

    /** A client of {@code server} that holds the session of {@code client} (of the other web process). */
    static HttpTestClient sameSession(HttpTestServer server, HttpTestClient client) {
        HttpTestClient other = server.client();
        other.setCookie(Sessions.COOKIE, client.cookie(Sessions.COOKIE));
        return other;
    }

    @Test
    void a_registration_on_one_web_process_waits_for_the_identity_process_and_welcomes_once() {
        String email = DemoTesting.newEmail("reg");

        TestResponse registered = webB.client().postJson("/auth/register",
                "{\"email\":\"" + email + "\",\"password\":\"" + DemoTesting.PASSWORD + "\",\"role\":\"customer\"}");

        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(registered.json().path("email").asText()).isEqualTo(email);
        Eventually.within(WAIT).untilAsserted(() -> assertThat(outbox.sentTo(email)).singleElement()
                .satisfies(mail -> assertThat(mail.subject()).contains("Welcome")));
    }

    @Test
    void a_session_opened_on_one_web_process_is_known_to_the_other_until_it_logs_out() {
        String email = DemoTesting.newEmail("ann");
        HttpTestClient onA = DemoTesting.loggedInAs(webA, email, "customer");
        HttpTestClient onB = sameSession(webB, onA);

        TestResponse me = onB.get("/auth/me");
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.json().path("email").asText()).isEqualTo(email);

        assertThat(onB.post("/auth/logout").status()).isEqualTo(202);
        Eventually.within(WAIT).describedAs("the logout, on the other web process")
                .until(() -> onA.get("/auth/me"), answer -> answer.status() == 401);
    }

    @Test
    void both_web_processes_answer_the_same_order_and_push_it_live_whichever_took_it() throws Exception {
        HttpTestClient seller = DemoTesting.loggedIn(webA, "seller", "seller");
        JsonNode tea = DemoTesting.addProduct(seller, "Split tea", "3.10");
        String order = "{\"products\":[{\"productId\":\"" + tea.path("id").asText() + "\",\"price\":3.10}]}";
        HttpTestClient onA = DemoTesting.loggedIn(webA, "buyer", "customer");
        HttpTestClient onB = sameSession(webB, onA);

        Set<String> mine = new HashSet<>();
        Map<String, Long> heardOnA = new HashMap<>();
        Map<String, Long> heardOnB = new HashMap<>();
        try (WebSocketStream socketA = onA.webSocket("/order-events"); WebSocketStream socketB = onB.webSocket("/order-events")) {
            // the sockets' subscriptions settle asynchronously: order until both have told of one of the orders placed
            String heard = Eventually.within(WAIT).describedAs("an order placed on B, told on A and on B").until(() -> {
                TestResponse placed = onB.postJson("/order", order);
                assertThat(placed.status()).as(placed.body()).isEqualTo(202);
                mine.add(placed.header("Location").substring("/order/".length()));
                listen(socketA, heardOnA);
                listen(socketB, heardOnB);
                return heardOnA.keySet().stream().filter(heardOnB::containsKey).findFirst().orElse(null);
            }, id -> id != null);

            assertThat(mine).contains(heard);
            assertThat(heardOnA.get(heard)).isPositive().isEqualTo(heardOnB.get(heard));
            JsonNode onWebA = DemoTesting.orderWithStatus(onA, "/order/" + heard, "placed");
            JsonNode onWebB = DemoTesting.orderWithStatus(onB, "/order/" + heard, "placed");
            assertThat(onWebA).isEqualTo(onWebB);
            assertThat(onWebA.path("number").asLong()).isEqualTo(heardOnA.get(heard));
        }
    }

    @Test
    void a_viewing_recorded_on_one_web_process_moves_the_live_home_page_of_both() throws Exception {
        HttpTestClient creator = DemoTesting.loggedIn(webA, "creator", "customer");
        TestResponse published = creator.postJson("/creators/videos", "{\"sourceUri\":\"https://example.org/split.mp4\"}");
        assertThat(published.status()).as(published.body()).isEqualTo(202);
        String video = DemoTesting.eventually(creator, published.header("Location"),
                r -> r.status() == 200 && r.json().path("status").asText().equals("published")).json().path("id").asText();
        DemoTesting.eventually(webB.client(), "/home-page",
                r -> r.json().path("videos").findValuesAsText("id").contains(video));

        try (WebSocketStream pageOnA = webA.client().webSocket("/home-page-events");
             WebSocketStream pageOnB = webB.client().webSocket("/home-page-events")) {
            long before = webA.client().get("/home-page").json().path("videosWatched").asLong();
            assertThat(webB.client().post("/record-viewing/" + video).status()).isEqualTo(202);

            for (WebSocketStream page : new WebSocketStream[] {pageOnA, pageOnB}) {
                JsonNode event = JSON.readTree(page.next(WAIT));
                while (event.path("data").path("videosWatched").asLong() < before + 1) {
                    event = JSON.readTree(page.next(WAIT));
                }
                assertThat(event.path("data").path("mostWatched").findValuesAsText("id")).contains(video);
            }
        }
    }

    /** Takes what {@code socket} told within a moment: each placed order's id and number. */
    private static void listen(WebSocketStream socket, Map<String, Long> placed) throws Exception {
        String message;
        while ((message = socket.poll(Duration.ofMillis(200))) != null) {
            JsonNode event = JSON.readTree(message).path("data");
            if (event.path("status").asText().equals("placed")) {
                placed.put(event.path("id").asText(), event.path("number").asLong());
            }
        }
    }
}
