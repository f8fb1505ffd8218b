package io.microlith.demo.orders;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.microlith.Microlith;
import io.microlith.bus.Envelope;
import io.microlith.demo.identity.IdentityMessages.CurrentUserResponse;
import io.microlith.demo.identity.Sessions;
import io.microlith.demo.orders.OrderMessages.AddProduct;
import io.microlith.demo.orders.OrderMessages.OrderLine;
import io.microlith.demo.orders.OrderMessages.PlaceOrder;
import io.microlith.demo.orders.OrderMessages.ProductAdded;
import io.microlith.demo.orders.OrderMessages.ProductEvent;
import io.microlith.demo.orders.OrderMessages.ProductRejected;
import io.microlith.http.Answers;
import io.microlith.http.BackPressure;
import io.microlith.http.BusRoutes;
import io.microlith.http.CommandIds;
import io.microlith.http.Quote;
import io.microlith.http.RateLimit;
import io.microlith.http.Check;
import io.microlith.http.HttpProblem;
import io.microlith.http.JsonBody;
import io.microlith.http.live.LiveChannel;
import io.microlith.http.live.LiveFeed;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Seed 004's API: {@code POST /product}, {@code GET /product}, {@code GET /product/{id}},
 * {@code POST /order} (202, empty body, {@code Location: /order/{id}}), {@code GET /order},
 * {@code GET /order/{id}} and the live {@code /order-events}. Reads come only from the views; an order
 * is visible to the user who placed it and to nobody else (others get 404, not 403, so that order ids
 * reveal nothing).
 */
public final class OrderRoutes {
    /** Digits before the decimal point of a price: below {@link OrderRules#MAX_PRICE}. */
    static final int PRICE_DIGITS = 6;

    record ProductBody(String name, BigDecimal price) {
        ProductBody {
            name = Check.line("name", name, 100);
            Check.amount("price", price, PRICE_DIGITS, 2);
            if (price.signum() <= 0) {
                throw HttpProblem.invalid("price", "price must be positive, was " + OrderRules.shown(price));
            }
        }
    }

    record LineBody(String productId, String name, BigDecimal price) {
        LineBody {
            if (productId == null && name == null) {
                throw HttpProblem.invalid("productId", "a productId or a name is required");
            }
            if (productId != null && !isUuid(productId)) {
                throw HttpProblem.invalid("productId", "productId must be a product's id (a UUID), was " + Quote.of(productId));
            }
            if (name != null) {
                name = Check.line("name", name, 100);
            }
            Check.amount("price", price, PRICE_DIGITS, 2);
        }
    }

    record OrderBody(List<LineBody> products) {
        OrderBody {
            Check.list("products", products);
            if (products.size() > OrderRules.MAX_LINES) {
                throw HttpProblem.invalid("products", "at most " + OrderRules.MAX_LINES + " products per order");
            }
            for (int i = 0; i < products.size(); i++) {
                if (products.get(i) == null) {
                    throw HttpProblem.invalid("products[" + i + "]", "a product line is required");
                }
            }
        }
    }

    /** A page of orders and the link to the next (older) page, {@code null} on the last. */
    public record OrderPage(List<OrderViews.OrderView> orders, String next) {
    }

    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 100;

    private final Microlith microlith;
    private final Sessions sessions;
    private final OrderViews views;
    private final LiveFeed feed;
    private final Duration deadline;
    private final BackPressure backPressure;
    private final RateLimit ordersPerUser;

    /**
     * @param backPressure  refuses new commands (503) while the components are too far behind
     * @param ordersPerUser how many orders one user may place (429 beyond), keyed by user id; null for no limit
     */
    public OrderRoutes(Microlith microlith, Sessions sessions, OrderViews views, LiveFeed feed, Duration deadline,
                       BackPressure backPressure, RateLimit ordersPerUser) {
        this.microlith = microlith;
        this.sessions = sessions;
        this.views = views;
        this.feed = feed;
        this.deadline = deadline;
        this.backPressure = backPressure;
        this.ordersPerUser = ordersPerUser;
    }

    public void mount(Javalin app) {
        app.post("/product", this::addProduct);
        app.get("/product", ctx -> ctx.json(Map.of("products", views.products())));
        app.get("/product/{id}", ctx -> BusRoutes.found(ctx, views.product(ctx.pathParam("id")), "product " + ctx.pathParam("id")));
        app.post("/order", this::placeOrder);
        app.get("/order", this::listOrders);
        app.get("/order/{id}", ctx -> {
            CurrentUserResponse user = sessions.requireUser(ctx);
            BusRoutes.found(ctx, views.order(ctx.pathParam("id"), user.userId()), "order " + ctx.pathParam("id"));
        });
        // the shop's product list, live for every visitor: from the products view's changes, or on RabbitMQ from the
        // topic the relay publishes products on (OrderViews.publishLiveChanges)
        LiveChannel.mount(app, "/product-events", feed, ctx -> OrderViews.SHOP);
        // each stream is kept under its session's key, so that a logout closes the session's streams
        LiveChannel.mount(app, "/order-events", feed, ctx -> sessions.currentUser(ctx).map(CurrentUserResponse::userId).orElse(null),
                ctx -> Sessions.sessionKey(ctx).orElse(null));
    }

    /**
     * 201 with the product once the catalog added it; 401, 403 for customers, 400, 409 for a taken name, 503 while the
     * components are behind; the same answer again for a repeated {@code Idempotency-Key}.
     */
    void addProduct(Context ctx) {
        CurrentUserResponse user = sessions.requireUser(ctx);
        if (!"seller".equals(user.role())) {
            throw HttpProblem.forbidden("Only sellers may add products; you are a " + user.role());
        }
        ProductBody body = JsonBody.read(ctx, ProductBody.class);
        backPressure.admit();
        var command = CommandIds.of(ctx, "product", user.userId())
                .envelope(new AddProduct(OrderRules.productIdOf(body.name()), body.name(), body.price()));
        switch (BusRoutes.request(ctx, microlith.commandBus(), command, ProductEvent.class, deadline, "adding the product")) {
            case ProductAdded added -> Answers.created(ctx, "/product/" + added.productId(),
                    new OrderViews.ProductView(added.productId(), added.name(), added.price()), command.correlationId());
            case ProductRejected rejected -> throw rejected.field() == null || rejected.field().equals("name")
                    ? HttpProblem.conflict("name", rejected.reason()) : HttpProblem.invalid(rejected.field(), rejected.reason());
        }
    }

    /**
     * 202, empty body, Location of the order to be: the command is written and handled later; 429 with
     * {@code Retry-After} when this user placed too many ({@code ordersPerUser}); 503 while the components are behind.
     * A repeated {@code Idempotency-Key} of the same user gets the same 202 and stores nothing.
     */
    void placeOrder(Context ctx) {
        CurrentUserResponse user = sessions.requireUser(ctx);
        OrderBody body = JsonBody.read(ctx, OrderBody.class);
        if (ordersPerUser != null) {
            ordersPerUser.acquire(user.userId());
        }
        CommandIds ids = CommandIds.of(ctx, "order", user.userId());
        String orderId = ids.id("order");
        List<OrderLine> lines = body.products().stream().map(l -> new OrderLine(l.productId(), l.name(), l.price())).toList();
        BusRoutes.accept(ctx, microlith.commandBus(), ids.envelope(new PlaceOrder(orderId, user.userId(), lines)),
                "/order/" + orderId, backPressure);
    }

    /** The user's orders, newest first: {@code ?limit=20&before=<position>}. */
    void listOrders(Context ctx) throws Exception {
        CurrentUserResponse user = sessions.requireUser(ctx);
        int limit = intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        long before = ctx.queryParam("before") == null ? Long.MAX_VALUE : intParam(ctx, "before", 0, 1, Long.MAX_VALUE);
        List<OrderViews.OrderView> orders = views.orders(user.userId(), before, limit);
        String next = orders.size() < limit ? null : "/order?limit=" + limit + "&before=" + orders.getLast().position();
        ctx.json(new OrderPage(orders, next));
    }

    private static long intParam(Context ctx, String name, long fallback, long min, long max) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text);
            if (value < min || value > max) {
                throw HttpProblem.invalid(name, name + " must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw HttpProblem.invalid(name, name + " must be a whole number, was " + Quote.of(text));
        }
    }

    private static int intParam(Context ctx, String name, int fallback, int min, int max) {
        return (int) intParam(ctx, name, (long) fallback, min, max);
    }

    private static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equalsIgnoreCase(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
