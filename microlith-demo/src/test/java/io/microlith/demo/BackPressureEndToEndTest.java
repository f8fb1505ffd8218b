package io.microlith.demo;

import io.microlith.testkit.Eventually;
import io.microlith.testkit.http.HttpTestClient;
import io.microlith.testkit.http.HttpTestServer;
import io.microlith.testkit.http.TestResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static io.microlith.demo.DemoTesting.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the orders component falls behind by more than {@code --max-pending} commands, command routes answer 503 with
 * {@code Retry-After} instead of piling work up. Here the web role runs alone against a store with another process's
 * identity and catalog: nothing handles orders, so the backlog only grows.
 */
class BackPressureEndToEndTest {

    @Test
    void command_routes_answer_503_with_retry_after_once_the_components_are_too_far_behind() {
        var settings = DemoTesting.settings();
        String product;
        HttpTestClient customer;
        try (HttpTestServer whole = DemoTesting.start(settings, new RecordingMailer())) {
            HttpTestClient seller = DemoTesting.loggedIn(whole, "seller", "seller");
            product = DemoTesting.addProduct(seller, "Tea", "2.50").path("id").asText();
        }
        // the same data, the web role alone: orders are stored and nobody handles them
        var webOnly = settings.withRun(Set.of("web", "identity")).withWeb(new DemoSettings.WebEdge(false, Set.of(), 3));
        try (HttpTestServer server = DemoTesting.start(webOnly, new RecordingMailer())) {
            customer = DemoTesting.loggedIn(server, "customer", "customer");
            String body = "{\"products\":[{\"productId\":\"" + product + "\",\"price\":2.5}]}";

            TestResponse refused = Eventually.within(Duration.ofSeconds(10)).until(() -> customer.postJson("/order", body),
                    answer -> answer.status() == 503);

            assertError(refused, 503, "unavailable", null);
            assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
            assertThat(customer.get("/order").status()).as("reads go on").isEqualTo(200);
        }
    }
}
