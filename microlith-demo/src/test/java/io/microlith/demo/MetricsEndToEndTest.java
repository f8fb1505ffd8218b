package io.microlith.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.microlith.testkit.Eventually;
import io.microlith.testkit.http.HttpTestClient;
import io.microlith.testkit.http.HttpTestServer;
import io.microlith.testkit.http.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /metrics}: after an order, a login refused and a 404, the Prometheus text has the documented names. */
class MetricsEndToEndTest {
    static DemoApp app;
    static HttpTestServer server;

    @BeforeAll
    static void start() {
        app = DemoApp.start(DemoTesting.settings(), new RecordingMailer());
        server = HttpTestServer.of(app.port(), app::close);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_prometheus_text_has_the_documented_names_after_some_traffic() {
        HttpTestClient seller = DemoTesting.loggedIn(server, "seller", "seller");
        JsonNode tea = DemoTesting.addProduct(seller, "Metered tea", "2.50");
        TestResponse order = seller.postJson("/order", "{\"products\":[{\"productId\":\"" + tea.path("id").asText()
                + "\",\"price\":2.50}]}");
        DemoTesting.orderWithStatus(seller, order.header("Location"), "placed");
        assertThat(server.client().get("/nowhere").status()).isEqualTo(404);
        String commands = app.microlith().name() + ".commands";

        String text = Eventually.within(DemoTesting.WAIT).until(() -> server.client().get("/metrics"),
                metrics -> metrics.body().contains("uri=\"/order/{id}\"")).body();

        assertThat(server.client().get("/metrics").header("Content-Type")).startsWith("text/plain");
        assertThat(text)
                .contains("microlith_store_messages_written_total{category=\"order:command\",store=\"main\"}")
                .contains("microlith_store_messages_read_total{category=\"order\",store=\"main\"}")
                .contains("microlith_store_writes_seconds_count{outcome=\"ok\",store=\"main\"}")
                .contains("microlith_consumer_handling_seconds_count{category=\"order:command\",consumer=\"" + commands + "\"}")
                .contains("microlith_consumer_messages_total{category=\"order:command\",consumer=\"" + commands + "\"}")
                .contains("microlith_consumer_retries_total{category=\"order:command\",consumer=\"" + commands + "\"}")
                .contains("microlith_consumer_lag_messages{category=\"order:command\",consumer=\"" + commands + "\"}")
                .contains("microlith_consumer_position{category=\"order:command\",consumer=\"" + commands + "\"}")
                .contains("microlith_consumer_parked_messages{category=\"order:command\",consumer=\"" + commands + "\"} 0.0")
                .contains("microlith_waits_timed_out_total")
                .contains("microlith_http_refused_total{limit=\"back-pressure\",name=\"orders\"} 0.0")
                .contains("microlith_http_refused_total{limit=\"rate-limit\",name=\"login\"} 0.0")
                .contains("microlith_http_refused_total{limit=\"rate-limit\",name=\"logout\"} 0.0")
                .contains("microlith_http_refused_total{limit=\"rate-limit\",name=\"register\"} 0.0")
                .contains("microlith_http_refused_total{limit=\"rate-limit\",name=\"orders\"} 0.0")
                .contains("microlith_http_refused_total{limit=\"rate-limit\",name=\"viewing\"} 0.0")
                .contains("microlith_http_refused_total{limit=\"rate-limit\",name=\"video-changes\"} 0.0")
                .contains("microlith_http_refused_total{limit=\"rate-limit\",name=\"profile-changes\"} 0.0")
                .contains("http_server_requests_seconds_count{method=\"POST\",outcome=\"SUCCESS\",status=\"202\",uri=\"/order\"} 1")
                .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"CLIENT_ERROR\",status=\"404\",uri=\"NOT_FOUND\"}")
                .doesNotContain("/nowhere");
    }
}
