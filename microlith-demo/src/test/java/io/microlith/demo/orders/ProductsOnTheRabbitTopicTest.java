package io.microlith.demo.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microlith.demo.DemoSettings;
import io.microlith.demo.DemoTesting;
import io.microlith.demo.RecordingMailer;
import io.microlith.demo.TestBrokers;
import io.microlith.testkit.Eventually;
import io.microlith.testkit.http.HttpTestClient;
import io.microlith.testkit.http.HttpTestServer;
import io.microlith.testkit.http.SseStream;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

import static io.microlith.demo.DemoTesting.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 004 on RabbitMQ: the relay publishes {@code product} events on the topic exchange ({@code product.ProductAdded})
 * and the shop's live product list follows that topic. The app runs without the {@code views} role, so no view change
 * can tell of the product: what the page hears came by the topic.
 */
class ProductsOnTheRabbitTopicTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void the_live_product_list_hears_a_new_product_from_the_topic_without_any_view() throws Exception {
        String transport = TestBrokers.rabbitTransport();
        DemoSettings settings = DemoTesting.settings().withTransport(transport)
                .withRun(Set.of("web", "identity", "email", "orders", "relay"));
        try (HttpTestServer server = DemoTesting.start(settings, new RecordingMailer())) {
            HttpTestClient seller = DemoTesting.loggedIn(server, "seller", "seller");
            try (SseStream products = server.client().sse("/product-events")) {
                String[] name = new String[1];
                SseStream.Event heard = Eventually.within(WAIT).describedAs("a product from the topic").until(() -> {
                    name[0] = "Topic tea " + System.nanoTime();
                    DemoTesting.addProduct(seller, name[0], "1.50");
                    return products.poll(Duration.ofMillis(300));
                }, Objects::nonNull);

                JsonNode product = JSON.readTree(heard.data());
                assertThat(product.path("name").asText()).startsWith("Topic tea ");
                assertThat(product.path("price").decimalValue()).isEqualByComparingTo("1.50");
                // and the catalog view never had it: no views role here
                assertThat(server.client().get("/product").json().path("products")).isEmpty();
            }
        }
    }
}
