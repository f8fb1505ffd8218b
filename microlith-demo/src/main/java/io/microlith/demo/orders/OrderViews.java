package io.microlith.demo.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microlith.Microlith;
import io.microlith.consumer.Consumer;
import io.microlith.demo.orders.OrderMessages.OrderLine;
import io.microlith.demo.orders.OrderMessages.OrderPlaced;
import io.microlith.demo.orders.OrderMessages.OrderRejected;
import io.microlith.demo.orders.OrderMessages.PlaceOrder;
import io.microlith.demo.orders.OrderMessages.ProductAdded;
import io.microlith.demo.views.ViewDatabase;
import io.microlith.demo.views.ViewTransaction;
import io.microlith.http.live.LiveEvent;
import io.microlith.http.live.LiveFeed;
import io.microlith.message.Message;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The orders aggregator (seed 004's "readable data baker") and the reads of its views.
 *
 * <p>Three consumers feed the view database: products from {@code product} events, a <em>pending</em>
 * order from each {@code PlaceOrder} command, and its outcome from {@code order} events. They run
 * independently, so an outcome may arrive before its pending row: every write is an upsert that keeps
 * the row with the highest {@code version} (the global position of the message it reflects), so the
 * view converges to the same state in any order, and applying a message again changes nothing.
 * After each commit the changed orders are published to their owners on the {@link LiveFeed}.
 */
public final class OrderViews {
    /** One order as the views hold it and the API answers it. */
    public record OrderView(String id, Long number, String status, String reason, BigDecimal total,
                            List<OrderLine> lines, String createdAt, String updatedAt, long position, long version) {
    }

    /** One product of the catalog view. */
    public record ProductView(String id, String name, BigDecimal price) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDER_COLUMNS = "id, owner, number, status, reason, total, lines, created_at, updated_at, position, version";
    private static final String UPSERT = "INSERT INTO orders (" + ORDER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET number = excluded.number, status = excluded.status, reason = excluded.reason,"
            + " total = excluded.total, lines = excluded.lines, updated_at = excluded.updated_at,"
            + " position = min(orders.position, excluded.position), version = excluded.version"
            + " WHERE excluded.version > orders.version";

    private final ViewDatabase views;
    private final LiveFeed feed;

    public OrderViews(ViewDatabase views, LiveFeed feed) {
        this.views = views;
        this.feed = feed;
    }

    /** Registers the three aggregator consumers with {@code microlith} (they start with it). */
    public List<ViewTransaction> register(Microlith microlith) {
        ViewTransaction products = new ViewTransaction(views, "orders-view.products");
        ViewTransaction commands = new ViewTransaction(views, "orders-view.commands");
        ViewTransaction events = new ViewTransaction(views, "orders-view.events");
        microlith.consumer("product", "orders-view.products", b -> b.positionStore(products)
                .handle(ProductAdded.class, (ProductAdded added, Message m) -> addProduct(products, added, m)));
        microlith.consumer("order:command", "orders-view.commands", b -> b.positionStore(commands)
                .handle(PlaceOrder.class, (PlaceOrder place, Message m) -> upsert(commands, place.orderId(), place.userId(),
                        null, "pending", null, null, place.lines(), m.globalPosition(), m)));
        microlith.consumer("order", "orders-view.events", b -> b.positionStore(events)
                .handle(OrderPlaced.class, (OrderPlaced placed, Message m) -> upsert(events, placed.orderId(), placed.userId(),
                        placed.number(), "placed", null, placed.total(), placed.lines(), causePosition(m), m))
                .handle(OrderRejected.class, (OrderRejected rejected, Message m) -> upsert(events, rejected.orderId(),
                        rejected.userId(), null, "rejected", rejected.reason(), null, rejected.lines(), causePosition(m), m)));
        return List.of(products, commands, events);
    }

    private static long causePosition(Message event) {
        var causation = event.metadata().causation();
        return causation == null ? event.globalPosition() : causation.globalPosition();
    }

    private void addProduct(ViewTransaction tx, ProductAdded added, Message message) throws SQLException {
        try (PreparedStatement insert = tx.connection().prepareStatement(
                "INSERT OR IGNORE INTO products (id, name, price, position) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, added.productId());
            insert.setString(2, added.name());
            insert.setString(3, added.price().toPlainString());
            insert.setLong(4, message.globalPosition());
            insert.executeUpdate();
        }
    }

    private void upsert(ViewTransaction tx, String orderId, String owner, Long number, String status, String reason,
                        BigDecimal total, List<OrderLine> lines, long position, Message message) throws Exception {
        Connection connection = tx.connection();
        String time = message.time().toString();
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            upsert.setString(1, orderId);
            upsert.setString(2, owner);
            if (number == null) {
                upsert.setNull(3, java.sql.Types.INTEGER);
            } else {
                upsert.setLong(3, number);
            }
            upsert.setString(4, status);
            upsert.setString(5, reason);
            upsert.setString(6, total == null ? null : total.toPlainString());
            upsert.setString(7, JSON.writeValueAsString(lines == null ? List.of() : lines));
            upsert.setString(8, time);
            upsert.setString(9, time);
            upsert.setLong(10, position);
            upsert.setLong(11, message.globalPosition());
            if (upsert.executeUpdate() == 0) {
                return; // the view already reflects this message or a later one
            }
        }
        OrderView view = find(connection, orderId, owner).orElseThrow();
        tx.afterCommit(() -> feed.publish(owner, new LiveEvent("order", Long.toString(view.version()), view)));
    }

    /** The products, by name. */
    public List<ProductView> products() throws SQLException {
        try (Connection connection = views.read();
             PreparedStatement select = connection.prepareStatement("SELECT id, name, price FROM products ORDER BY name COLLATE NOCASE");
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
