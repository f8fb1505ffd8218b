package io.microlith.demo.orders;

import io.javalin.Javalin;
import io.microlith.demo.web.Refusals;
import io.microlith.Microlith;
import io.microlith.MicrolithConfig;
import io.microlith.component.Decider;
import io.microlith.demo.DemoSettings;
import io.microlith.demo.identity.Sessions;
import io.microlith.demo.orders.Catalog.Product;
import io.microlith.demo.orders.OrderMessages.AddProduct;
import io.microlith.demo.orders.OrderMessages.OrderEvent;
import io.microlith.demo.orders.OrderMessages.PlaceOrder;
import io.microlith.demo.orders.OrderMessages.ProductAdded;
import io.microlith.demo.orders.OrderMessages.ProductEvent;
import io.microlith.demo.orders.Orders.Order;
import io.microlith.demo.views.ViewDatabase;
import io.microlith.entity.EntityStore;
import io.microlith.http.BackPressure;
import io.microlith.http.RateLimit;
import io.microlith.http.HttpFeature;
import io.microlith.http.live.LiveFeed;
import io.microlith.message.InvalidStreamNameException;

import java.util.List;
import java.time.Duration;
import java.util.Optional;

/**
 * Orders (seed 004): the catalog and orders components (the {@code orders} role, the seed's "orders events
 * manager"), the aggregators that bake the presentation views (the {@code views} role, the "readable data baker"),
 * and the API with its live {@code /order-events} and {@code /product-events} (the {@code web} role).
 */
public final class OrdersFeature implements HttpFeature, Refusals {
    private final DemoSettings settings;
    private final OrderViews views;
    private final LiveFeed feed;
    private Microlith microlith;
    private BackPressure backPressure;
    private RateLimit ordersPerUser;

    public OrdersFeature(DemoSettings settings, ViewDatabase views, LiveFeed feed) {
        this.settings = settings;
        this.views = new OrderViews(views, feed);
        this.feed = feed;
    }

    @Override
    public void configure(MicrolithConfig config) {
        config.route(AddProduct.class, "catalog:command", AddProduct::productId)
                .route(ProductEvent.class, "product", ProductEvent::productId)
                .route(PlaceOrder.class, "order:command", PlaceOrder::orderId)
                .route(OrderEvent.class, "order", OrderEvent::orderId)
                // each order is an entity of its own: 16 orders are decided at once (each order's stream in order),
                // so that their writes share the store's commits
                .consumers("order:command", c -> c.concurrency(16));
    }

    @Override
    public void wire(Microlith microlith) {
        this.microlith = microlith;
        if (settings.runs("orders")) {
            var catalog = microlith.component(Decider.of(Product.NONE, Catalog::decide, Catalog::evolve))
                    .commands(AddProduct.class, AddProduct::productId)
                    .entities(ProductEvent.class)
                    .subscribe();
            microlith.component(Decider.of(Order.NEW, new Orders(productId -> product(catalog.entities(), productId))::decide,
                            Orders::evolve))
                    .commands(PlaceOrder.class, PlaceOrder::orderId)
                    .entities(OrderEvent.class)
                    .subscribe();
        }
        if (settings.runs("views")) {
            views.aggregators(microlith).forEach(microlith::register);
        }
    }

    /** The product of an id a client sent, empty when there is none (also when the id cannot name a stream). */
    private static Optional<ProductAdded> product(EntityStore<Product> products, String productId) {
        try {
            return products.fetch(productId).state().ifAdded();
        } catch (InvalidStreamNameException notAnId) {
            return Optional.empty();
        }
    }

    /** Commands refused with 503 while the components were behind, and orders of one user beyond its limit (429). */
    @Override
    public List<Count> refusals() {
        return List.of(new Count("back-pressure", "orders", () -> backPressure == null ? 0 : backPressure.refusedCount()),
                Count.rateLimit("orders", () -> ordersPerUser == null ? 0 : ordersPerUser.refusedCount()));
    }

    @Override
    public void mount(Javalin app) {
        // refuses new commands while the orders component (in this process or another) is too far behind
        backPressure = BackPressure.builder(microlith.store())
                .watch("order:command", microlith.name() + ".commands")
                .watch("catalog:command", microlith.name() + ".commands")
                .maxPending(settings.web().maxPending())
                .describedAs("orders")
                .build();
        // back-pressure protects the components; this keeps one user's flood from spending everyone's share of it
        int perSecond = settings.web().ordersPerSecond();
        ordersPerUser = perSecond == 0 ? null : RateLimit.builder().burst(perSecond)
                .refillEvery(Duration.ofNanos(1_000_000_000L / perSecond)).describedAs("orders from this user").build();
        views.publishLiveChanges(microlith);
        new OrderRoutes(microlith, new Sessions(microlith.queryBus()), views, feed, settings.deadline(), backPressure,
                ordersPerUser).mount(app);
    }
}
