package io.microlith.demo.orders;

import io.microlith.bus.Envelope;
import io.microlith.demo.DemoSettings;
import io.microlith.demo.orders.OrderMessages.AddProduct;
import io.microlith.demo.orders.OrderMessages.OrderLine;
import io.microlith.demo.orders.OrderMessages.OrderPlaced;
import io.microlith.demo.orders.OrderMessages.OrderRejected;
import io.microlith.demo.orders.OrderMessages.PlaceOrder;
import io.microlith.demo.orders.OrderMessages.ProductAdded;
import io.microlith.demo.orders.OrderMessages.ProductRejected;
import io.microlith.demo.views.ViewDatabase;
import io.microlith.http.live.LiveFeed;
import io.microlith.message.StreamName;
import io.microlith.testkit.fixture.MicrolithFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalog and orders components and the orders view, given / when / then on the in-memory store. */
class OrdersFeatureTest {
    static final BigDecimal PRICE = new BigDecimal("2.50");
    static final String TEA = OrderRules.productIdOf("Tea");
    static final ProductAdded TEA_ADDED = new ProductAdded(TEA, "Tea", PRICE);

    final ViewDatabase views = ViewDatabase.temporary();
    final LiveFeed feed = new LiveFeed();

    @AfterEach
    void close() {
        feed.close();
        views.close();
    }

    MicrolithFixture fixture(String... roles) {
        return MicrolithFixture.of(new OrdersFeature(DemoSettings.defaults().withRun(Set.of(roles)), views, feed))
                .views(views::openWriter);
    }

    static PlaceOrder order(String orderId, OrderLine... lines) {
        return new PlaceOrder(orderId, "u1", List.of(lines));
    }

    @Test
    void adds_a_product_once_per_name_in_any_case() {
        try (var fixture = fixture("orders")) {
            fixture.when(Envelope.correlated(new AddProduct(TEA, "Tea", PRICE)))
                    .wrote(StreamName.of("product", TEA), TEA_ADDED);

            fixture.when(Envelope.correlated(new AddProduct(OrderRules.productIdOf("TEA"), "TEA", BigDecimal.ONE)))
                    .wrote(StreamName.of("product", TEA), new ProductRejected(TEA, "TEA", "name", "a product named 'TEA' exists already"));
        }
    }

    @Test
    void rejects_a_product_whose_price_is_not_an_amount_naming_the_price() {
        try (var fixture = fixture("orders")) {
            fixture.when(Envelope.correlated(new AddProduct(TEA, "Tea", new BigDecimal("1e900"))))
                    .written(ProductRejected.class);
            assertThat(fixture.when(Envelope.correlated(new AddProduct(TEA, "Tea", new BigDecimal("0.001"))))
                    .written(ProductRejected.class).field()).isEqualTo("price");
        }
    }

    @Test
    void places_an_order_of_catalog_products_at_their_prices() {
        try (var fixture = fixture("orders")) {
            fixture.given(StreamName.of("product", TEA), TEA_ADDED)
                    .when(Envelope.correlated(order("o1", new OrderLine(null, "tea", new BigDecimal("2.5")))))
                    .wrote(StreamName.of("order", "o1"), new OrderPlaced("o1", "u1",
                            List.of(new OrderLine(TEA, "Tea", PRICE)), PRICE));
        }
    }

    @Test
    void rejects_an_order_of_an_unknown_product_or_a_wrong_price() {
        try (var fixture = fixture("orders")) {
            fixture.given(StreamName.of("product", TEA), TEA_ADDED);

            fixture.when(Envelope.correlated(order("o2", new OrderLine(null, "Coffee", PRICE))))
                    .wrote(new OrderRejected("o2", "u1", List.of(new OrderLine(null, "Coffee", PRICE)),
                            "unknown product 'Coffee' (line 1)"));
            fixture.when(Envelope.correlated(order("o3", new OrderLine(TEA, null, BigDecimal.ONE))))
                    .written(OrderRejected.class);
            fixture.when(Envelope.correlated(order("o4", new OrderLine("not a stream id-", null, BigDecimal.ONE))))
                    .written(OrderRejected.class);
        }
    }

    @Test
    void handles_an_order_command_stored_twice_once() {
        try (var fixture = fixture("orders")) {
            fixture.given(StreamName.of("product", TEA), TEA_ADDED);
            var place = Envelope.correlated(order("o5", new OrderLine(TEA, null, PRICE)));
            fixture.when(place).written(OrderPlaced.class);

            fixture.when(StreamName.of("order:command", "o5"), place.withId(java.util.UUID.randomUUID())).wroteNothing();
        }
    }

    @Test
    void numbers_placed_orders_in_the_view_in_the_order_they_were_placed_and_rejected_ones_not() {
        try (var fixture = fixture("orders", "views")) {
            fixture.given(StreamName.of("product", TEA), TEA_ADDED);

            fixture.when(Envelope.correlated(order("first", new OrderLine(TEA, null, PRICE))));
            fixture.when(Envelope.correlated(order("refused", new OrderLine(TEA, null, BigDecimal.TEN))));
            var then = fixture.when(Envelope.correlated(order("second", new OrderLine(TEA, null, PRICE))));

            assertThat(then.viewRows("SELECT id, number, status FROM orders ORDER BY position"))
                    .extracting(row -> row.get("id") + " " + row.get("number") + " " + row.get("status"))
                    .containsExactly("first 1 placed", "refused null rejected", "second 2 placed");
        }
    }
}
