package io.microlith.demo.orders;

import java.math.BigDecimal;
import java.util.List;

/**
 * The orders feature's messages (seed 004): the catalog's products, and orders written by the web application (the
 * seed's "events writer"), executed by the orders component (the "orders events manager") and baked into views by
 * the aggregator (the "readable data baker"). Each stream's events are a sealed family, also the outcome a route
 * waits for.
 */
public final class OrderMessages {
    private OrderMessages() {
    }

    /** Add a product to the catalog. */
    public record AddProduct(String productId, String name, BigDecimal price) {
    }

    /** The events of a product's stream ({@code product-<productId>}). */
    public sealed interface ProductEvent permits ProductAdded, ProductRejected {
        String productId();
    }

    public record ProductAdded(String productId, String name, BigDecimal price) implements ProductEvent {
    }

    /** A product was refused: {@code field} names the input at fault ({@code name}: taken; null in 0.1's events: name). */
    public record ProductRejected(String productId, String name, String field, String reason) implements ProductEvent {
    }

    /** One line of an order as the client sent it: a product id or a name, and the price the client saw. */
    public record OrderLine(String productId, String name, BigDecimal price) {
    }

    /** Place an order for {@code userId}; written by the web application and answered 202. */
    public record PlaceOrder(String orderId, String userId, List<OrderLine> lines) {
    }

    /** The events of an order's stream ({@code order-<orderId>}). */
    public sealed interface OrderEvent permits OrderPlaced, OrderRejected {
        String orderId();
    }

    /**
     * The order is valid; its lines name catalog products. Its number is given by the orders view, in the order
     * orders were placed (decision 0045).
     */
    public record OrderPlaced(String orderId, String userId, List<OrderLine> lines, BigDecimal total) implements OrderEvent {
    }

    /** The order was refused, with a reason meant for the user. */
    public record OrderRejected(String orderId, String userId, List<OrderLine> lines, String reason) implements OrderEvent {
    }
}
