package io.microlith.demo.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microlith.Microlith;
import io.microlith.rabbitmq.RabbitTransport;
import io.microlith.consumer.ConsumerListener;
import io.microlith.demo.orders.OrderMessages.OrderLine;
import io.microlith.demo.orders.OrderMessages.OrderPlaced;
import io.microlith.demo.orders.OrderMessages.OrderRejected;
import io.microlith.demo.orders.OrderMessages.PlaceOrder;
import io.microlith.demo.orders.OrderMessages.ProductAdded;
import io.microlith.demo.views.ViewChange;
import io.microlith.demo.views.ViewDatabase;
import io.microlith.http.live.LiveEvent;
import io.microlith.http.live.LiveFeed;
import io.microlith.message.Message;
import io.microlith.jdbc.Aggregator;
import io.microlith.jdbc.ViewTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The orders aggregator (seed 004's "readable data baker") and the reads of its views.
 *
 * <p>Three consumers feed the view database: products from {@code product} events, a <em>pending</em>
 * order from each {@code PlaceOrder} command, and its outcome from {@code order} events. They run
 * independently, so an outcome may arrive before its pending row: every write is an upsert that keeps
 * the row with the highest {@code version} (the global position of the message it reflects), so the
 * view converges to the same state in any order, and applying a message again changes nothing.
 * After each commit the changed orders are read back and published to their owners on the {@link LiveFeed}.
 */
public final class OrderViews {
    /** One order as the views hold it and the API answers it. */
    public record OrderView(String id, Long number, String status, String reason, BigDecimal total,
                            List<OrderLine> lines, String createdAt, String updatedAt, long position, long version) {
    }

    /** One product of the catalog view. */
    public record ProductView(String id, String name, BigDecimal price) {
    }

    /** The audience of the shop's live product list, {@code /product-events}: every visitor. */
    public static final String SHOP = "shop";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDER_COLUMNS = "id, owner, number, status, reason, total, lines, created_at, updated_at, position, version";
    private static final String UPSERT = "INSERT INTO orders (" + ORDER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET number = excluded.number, status = excluded.status, reason = excluded.reason,"
            + " total = excluded.total, lines = excluded.lines, updated_at = excluded.updated_at,"
            + " position = CASE WHEN excluded.position < orders.position THEN excluded.position ELSE orders.position END,"
            + " version = excluded.version"
            + " WHERE excluded.version > orders.version";

    private static final Logger LOG = LoggerFactory.getLogger(OrderViews.class);

    private final ViewDatabase views;
    private final LiveFeed feed;

    public OrderViews(ViewDatabase views, LiveFeed feed) {
        this.views = views;
        this.feed = feed;
    }

    /**
     * Pushes each changed order to its owner's live streams in this process ({@code /order-events}), reading it back
     * from the views when the aggregators (in this process or another) announce it: for the web role.
     */
    public void publishLiveChanges(Microlith microlith) {
        boolean productsByTopic = microlith.transport() instanceof RabbitTransport;
        if (microlith.transport() instanceof RabbitTransport rabbit) {
            // on RabbitMQ the shop's product list follows the topic the relay publishes products on (seed 004)
            rabbit.listen(message -> {
                if (feed.hasSubscribers(SHOP)) {
                    ProductAdded added = microlith.types().decode(message, ProductAdded.class);
                    publishProduct(new ProductView(added.productId(), added.name(), added.price()));
                }
            }, "product.ProductAdded");
        }
        views.changes().listen(change -> {
            if (change.kind().equals("product") && !productsByTopic && feed.hasSubscribers(SHOP)) {
                try {
                    product(change.key()).ifPresent(this::publishProduct);
                } catch (SQLException e) {
                    LOG.warn("Could not read product {} back for its live notification: {}", change.key(), e.toString());
                }
                return;
            }
            if (!change.kind().equals("order") || !feed.hasSubscribers(change.audience())) {
                return;
            }
            try {
                order(change.key(), change.audience()).ifPresent(view ->
                        feed.publish(change.audience(), new LiveEvent("order", Long.toString(view.version()), view)));
            } catch (SQLException e) {
                LOG.warn("Could not read order {} back for its live notification: {}", change.key(), e.toString());
            }
        });
    }

    private void publishProduct(ProductView product) {
        feed.publish(SHOP, new LiveEvent("product", product.id(), product));
    }

    /**
     * The three aggregators, built on the toolkit's JDBC view helper ({@link Aggregator}: each batch's view
     * changes and the aggregator's position commit in one transaction of the view database). Start them
     * after the Microlith and stop them before it.
     */
    public List<Aggregator> aggregators(Microlith microlith) {
        LivePublisher products = new LivePublisher();
        LivePublisher commands = new LivePublisher();
        LivePublisher events = new LivePublisher();
        return List.of(
                aggregator(microlith, "product", "orders-view.products", "DELETE FROM products", products)
                        .on(ProductAdded.class, (ProductAdded added, Message m, ViewTransaction view) -> {
                            if (addProduct(added, m, view)) {
                                products.touchedProduct(added.productId());
                            }
                        }).build(),
                aggregator(microlith, "order:command", "orders-view.commands", "DELETE FROM orders", commands)
                        .on(PlaceOrder.class, (PlaceOrder place, Message m, ViewTransaction view) -> upsert(commands, view,
                                place.orderId(), place.userId(), null, "pending", null, null, place.lines(), m.globalPosition(), m))
                        .build(),
                aggregator(microlith, "order", "orders-view.events", "DELETE FROM orders", events)
                        .reset("DELETE FROM order_numbers")
                        .on(OrderPlaced.class, (OrderPlaced placed, Message m, ViewTransaction view) -> upsert(events, view,
                                placed.orderId(), placed.userId(), number(view, placed.orderId()), "placed", null,
                                placed.total(), placed.lines(), causePosition(m), m))
                        .on(OrderRejected.class, (OrderRejected rejected, Message m, ViewTransaction view) -> upsert(events, view,
                                rejected.orderId(), rejected.userId(), null, "rejected", rejected.reason(), null,
                                rejected.lines(), causePosition(m), m))
                        .build());
    }

    private Aggregator.Builder aggregator(Microlith microlith, String category, String name, String reset,
                                          LivePublisher publisher) {
        return Aggregator.builder(microlith.consumerBuilder(category, name).listener(publisher), name, views::openWriter)
                .types(microlith.types())
                .reset(reset);
    }

    /**
     * Announces the orders one aggregator's batch changed once that batch has committed (its consumer
     * reports each batch after the transaction); the web role reads them back from the view
     * ({@link #publishLiveChanges}): a notification never tells of a change that was rolled back. One per
     * aggregator: another aggregator's report must not announce changes that are not committed yet.
     */
    private final class LivePublisher implements ConsumerListener {
        /** Orders changed by batches not yet reported; handlers may run on several threads. */
        private final Queue<Touched> changed = new ConcurrentLinkedQueue<>();

        void touched(String orderId, String owner) {
            changed.add(new Touched(orderId, owner));
        }

        void touchedProduct(String productId) {
            changed.add(new Touched(productId, null));
        }

        @Override
        public void batchProcessed(long position, int messages) {
            Touched touched;
            while ((touched = changed.poll()) != null) {
                views.changes().announce(touched.owner() == null ? new ViewChange("product", SHOP, touched.orderId())
                        : new ViewChange("order", touched.owner(), touched.orderId()));
            }
        }
    }

    /** An order and its owner, or a product ({@code owner} null). */
    private record Touched(String orderId, String owner) {
    }

    /**
     * The number of a placed order: the next one when the order has none yet. The events aggregator sees placed orders
     * one at a time in global order, in the transaction that records its position, so numbers are unique, without
     * gaps, and the same after a rebuild (decision 0045).
     */
    private static long number(ViewTransaction view, String orderId) throws SQLException {
        // "WHERE true" lets SQLite tell the ON CONFLICT clause from a join's ON
        view.update("INSERT INTO order_numbers (order_id, number)"
                + " SELECT CAST(? AS TEXT), COALESCE(MAX(number), 0) + 1 FROM order_numbers WHERE true"
                + " ON CONFLICT DO NOTHING", orderId);
        return view.queryLong("SELECT number FROM order_numbers WHERE order_id = ?", orderId).orElseThrow();
    }

    private static long causePosition(Message event) {
        var causation = event.metadata().causation();
        return causation == null ? event.globalPosition() : causation.globalPosition();
    }

    /** @return whether the product is new to the view */
    private boolean addProduct(ProductAdded added, Message message, ViewTransaction view) throws SQLException {
        return view.update("INSERT INTO products (id, name, price, position) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                added.productId(), added.name(), OrderRules.shown(added.price()), message.globalPosition()) > 0;
    }

    private void upsert(LivePublisher publisher, ViewTransaction view, String orderId, String owner, Long number, String status, String reason,
                        BigDecimal total, List<OrderLine> lines, long position, Message message) throws Exception {
        String time = message.time().toString();
        // The first statement of each transaction writes, so SQLite takes the write lock at once (waiting
        // for it if another aggregator holds it) instead of failing to upgrade a read.
        int changedRows = view.update(UPSERT, orderId, owner, number, status, reason,
                total == null ? null : OrderRules.shown(total), JSON.writeValueAsString(lines == null ? List.of() : lines),
                time, time, position, message.globalPosition());
        if (changedRows > 0) {
            publisher.touched(orderId, owner);
        }
    }

    /** The products, by name. */
    public List<ProductView> products() throws SQLException {
        try (Connection connection = views.read();
             PreparedStatement select = connection.prepareStatement("SELECT id, name, price FROM products ORDER BY LOWER(name), name");
             ResultSet rows = select.executeQuery()) {
            List<ProductView> products = new ArrayList<>();
            while (rows.next()) {
                products.add(new ProductView(rows.getString(1), rows.getString(2), new BigDecimal(rows.getString(3))));
            }
            return products;
        }
    }

    /** One product, if the view has it. */
    public Optional<ProductView> product(String id) throws SQLException {
        try (Connection connection = views.read();
             PreparedStatement select = connection.prepareStatement("SELECT id, name, price FROM products WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new ProductView(row.getString(1), row.getString(2), new BigDecimal(row.getString(3))))
                        : Optional.empty();
            }
        }
    }

    /** The owner's orders placed before {@code beforePosition}, newest first, at most {@code limit}. */
    public List<OrderView> orders(String owner, long beforePosition, int limit) throws SQLException {
        try (Connection connection = views.read();
             PreparedStatement select = connection.prepareStatement("SELECT " + ORDER_COLUMNS
                     + " FROM orders WHERE owner = ? AND position < ? ORDER BY position DESC LIMIT ?")) {
            select.setString(1, owner);
            select.setLong(2, beforePosition);
            select.setInt(3, limit);
            try (ResultSet rows = select.executeQuery()) {
                List<OrderView> orders = new ArrayList<>();
                while (rows.next()) {
                    orders.add(read(rows));
                }
                return orders;
            }
        }
    }

    /** The owner's order {@code id}; empty when there is none, or it belongs to someone else. */
    public Optional<OrderView> order(String id, String owner) throws SQLException {
        try (Connection connection = views.read()) {
            return find(connection, id, owner);
        }
    }

    private static Optional<OrderView> find(Connection connection, String id, String owner) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + ORDER_COLUMNS + " FROM orders WHERE id = ? AND owner = ?")) {
            select.setString(1, id);
            select.setString(2, owner);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(read(row)) : Optional.empty();
            }
        }
    }

    private static OrderView read(ResultSet row) throws SQLException {
        long number = row.getLong(3);
        Long maybeNumber = row.wasNull() ? null : number;
        String total = row.getString(6);
        try {
            List<OrderLine> lines = JSON.readValue(row.getString(7), new TypeReference<>() {
            });
            return new OrderView(row.getString(1), maybeNumber, row.getString(4), row.getString(5),
                    total == null ? null : new BigDecimal(total), lines, row.getString(8), row.getString(9),
                    row.getLong(10), row.getLong(11));
        } catch (JsonProcessingException e) {
            throw new SQLException("Order " + row.getString(1) + " has unreadable lines: " + e.getOriginalMessage(), e);
        }
    }
}
