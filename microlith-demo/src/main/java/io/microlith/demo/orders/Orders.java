package io.microlith.demo.orders;

import io.microlith.demo.orders.OrderMessages.OrderEvent;
import io.microlith.demo.orders.OrderMessages.OrderPlaced;
import io.microlith.demo.orders.OrderMessages.OrderRejected;
import io.microlith.demo.orders.OrderMessages.PlaceOrder;
import io.microlith.demo.orders.OrderMessages.ProductAdded;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The order entity ({@code order-<orderId>}) as a decider: a placed order is checked against the catalog
 * ({@link OrderRules#decide}) and is placed or rejected, once.
 */
public final class Orders {
    /** The life of an order. */
    public enum Status { NEW, PLACED, REJECTED }

    /** An order as folded from its stream. */
    public record Order(Status status) {
        public static final Order NEW = new Order(Status.NEW);
    }

    private final Function<String, Optional<ProductAdded>> catalog;

    /** @param catalog the product of a product id, empty when there is none */
    public Orders(Function<String, Optional<ProductAdded>> catalog) {
        this.catalog = catalog;
    }

    public List<OrderEvent> decide(PlaceOrder place, Order order) {
        if (order.status() != Status.NEW) {
            return List.of();
        }
        return List.of(switch (OrderRules.decide(place.lines(), catalog)) {
            case OrderRules.Accept accept -> new OrderPlaced(place.orderId(), place.userId(), accept.lines(), accept.total());
            case OrderRules.Reject reject -> new OrderRejected(place.orderId(), place.userId(), place.lines(), reject.reason());
        });
    }

    public static Order evolve(Order order, OrderEvent event) {
        return switch (event) {
            case OrderPlaced placed -> new Order(Status.PLACED);
            case OrderRejected rejected -> new Order(Status.REJECTED);
        };
    }
}
