package io.microlith.demo.orders;

import io.microlith.demo.orders.OrderMessages.AddProduct;
import io.microlith.demo.orders.OrderMessages.ProductAdded;
import io.microlith.demo.orders.OrderMessages.ProductEvent;
import io.microlith.demo.orders.OrderMessages.ProductRejected;

import java.util.List;
import java.util.Optional;

/**
 * The product entity ({@code product-<productId>}, the id following from the name: decision 0043) as a decider: a
 * name is taken once.
 */
public final class Catalog {
    private Catalog() {
    }

    /** A product as folded from its stream; {@code added} null while the name is free. */
    public record Product(ProductAdded added) {
        public static final Product NONE = new Product(null);

        public Optional<ProductAdded> ifAdded() {
            return Optional.ofNullable(added);
        }
    }

    public static List<ProductEvent> decide(AddProduct command, Product product) {
        if (command.price() == null || command.price().signum() <= 0 || !OrderRules.isAmount(command.price())) {
            return List.of(new ProductRejected(command.productId(), command.name(), "price",
                    "a price must be a positive amount below " + OrderRules.MAX_PRICE.toPlainString() + " with at most 2 decimals"));
        }
        if (product.added() != null) {
            return List.of(new ProductRejected(command.productId(), command.name(), "name",
                    "a product named '" + command.name() + "' exists already"));
        }
        return List.of(new ProductAdded(command.productId(), command.name(), command.price()));
    }

    public static Product evolve(Product product, ProductEvent event) {
        return switch (event) {
            case ProductAdded added -> new Product(added);
            case ProductRejected rejected -> product;
        };
    }
}
