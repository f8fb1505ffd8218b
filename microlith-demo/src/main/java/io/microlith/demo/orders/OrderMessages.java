package io.microlith.demo.orders;

import io.microlith.message.MessageTypes;

import java.math.BigDecimal;
import java.util.List;

/**
 * The orders feature's messages (seed 004): the catalog's products, and orders written by the web
 * application (the seed's "events writer"), executed by the orders component (the "orders events
 * manager") and baked into views by the aggregator (the "readable data baker").
 */
public final class OrderMessages {
    private OrderMessages() {
    }

    /** Add a product to the catalog. */
    public record AddProduct(String productId, String name, BigDecimal price) {
    }

    public record ProductAdded(String productId, String name, BigDecimal price) {
    }

    public record ProductRejected(String productId, String name, String reason) {
    }

    /** One line of an order as the client sent it: a product id or a name, and the price the client saw. */
    public record OrderLine(String productId, String name, BigDecimal price) {
    }

    /** Place an order for {@code userId}; written by the web application and answered 202. */
    public record PlaceOrder(String orderId, String userId, List<OrderLine> lines) {
    }

    /** The order is valid and has its number; its lines name catalog products. */
    public record OrderPlaced(String orderId, String userId, long number, List<OrderLine> lines, BigDecimal total) {
    }

    /** The order was refused, with a reason meant for the user. */
    public record OrderRejected(String orderId, String userId, List<OrderLine> lines, String reason) {
    }

    /** Order {@code number} went to {@code orderId}: the sequence stream's entry, written with the order. */
    public record OrderNumbered(String orderId, long number) {
    }

    public static MessageTypes register(MessageTypes types) {
        return types.register(AddProduct.class).register(ProductAdded.class).register(ProductRejected.class)
                .register(PlaceOrder.class).register(OrderPlaced.class).register(OrderRejected.class)
                .register(OrderNumbered.class);
    }
}
