package io.microlith.demo.orders;

import io.microlith.demo.orders.OrderMessages.OrderLine;
import io.microlith.demo.orders.OrderMessages.ProductAdded;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** The orders feature's rules, as pure functions. */
public final class OrderRules {
    /** The most lines one order may have. */
    public static final int MAX_LINES = 100;

    private OrderRules() {
    }

    /** A product's id follows from its name (case-insensitive), so a name can be taken only once. */
    public static String productIdOf(String name) {
        String normalized = name.strip().toLowerCase(Locale.ROOT);
        return UUID.nameUUIDFromBytes(("product:" + normalized).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The largest price an amount may have. */
    public static final BigDecimal MAX_PRICE = new BigDecimal("1000000");

    /**
     * Whether {@code price} is an amount the catalog can hold: at most 2 decimals and below {@link #MAX_PRICE}. Checked
     * by precision and scale first, so that no arithmetic runs on a value such as {@code 1e-2147483647}.
     */
    public static boolean isAmount(BigDecimal price) {
        return price.scale() <= 2 && price.scale() >= -7 && price.precision() <= 9 && price.compareTo(MAX_PRICE) < 0;
    }

    /**
     * A price as a reason may quote it: in plain digits when it is an amount, else in the short scientific form (never
     * {@code toPlainString()}, which writes {@code 1e-20000000} as twenty million digits).
     */
    public static String shown(BigDecimal price) {
        return isAmount(price.abs()) ? price.toPlainString() : price.toString();
    }

    /** The outcome of checking an order against the catalog. */
    public sealed interface Decision {
    }

    /** Valid: the lines as the catalog names them, and the total. */
    public record Accept(List<OrderLine> lines, BigDecimal total) implements Decision {
    }

    /** Invalid, with a reason for the user. */
    public record Reject(String reason) implements Decision {
    }

    /**
     * Checks an order: it has 1 to {@value #MAX_LINES} lines; each names a product of the catalog (by id,
     * else by name) and carries exactly its catalog price.
     *
     * @param catalog the product of an id, empty when there is none
     */
    public static Decision decide(List<OrderLine> lines, Function<String, Optional<ProductAdded>> catalog) {
        if (lines == null || lines.isEmpty()) {
            return new Reject("an order needs at least one product");
        }
        if (lines.size() > MAX_LINES) {
            return new Reject("an order may have at most " + MAX_LINES + " products, this one has " + lines.size());
        }
        List<OrderLine> resolved = new ArrayList<>(lines.size());
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < lines.size(); i++) {
            OrderLine line = lines.get(i);
            String label = line.productId() != null ? line.productId() : line.name();
            Optional<ProductAdded> product = line.productId() != null ? catalog.apply(line.productId())
                    : line.name() != null ? catalog.apply(productIdOf(line.name())) : Optional.empty();
            if (product.isEmpty()) {
                return new Reject("unknown product '" + label + "' (line " + (i + 1) + ")");
            }
            BigDecimal price = product.get().price();
            if (line.price() == null || line.price().signum() <= 0) {
                return new Reject("bad price for " + product.get().name() + ": a price must be positive, was "
                        + (line.price() == null ? "missing" : shown(line.price())));
            }
            if (!isAmount(line.price()) || line.price().compareTo(price) != 0) {
                return new Reject("bad price for " + product.get().name() + ": expected " + shown(price)
                        + ", got " + shown(line.price()));
            }
            resolved.add(new OrderLine(product.get().productId(), product.get().name(), price));
            total = total.add(price);
        }
        return new Accept(List.copyOf(resolved), total);
    }
}
