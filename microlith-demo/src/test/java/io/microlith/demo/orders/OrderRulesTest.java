package io.microlith.demo.orders;

import io.microlith.demo.orders.OrderMessages.OrderLine;
import io.microlith.demo.orders.OrderMessages.ProductAdded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class OrderRulesTest {
    static final ProductAdded TEA = new ProductAdded(OrderRules.productIdOf("Tea"), "Tea", new BigDecimal("2.50"));
    static final Function<String, Optional<ProductAdded>> CATALOG = id -> Optional.ofNullable(Map.of(TEA.productId(), TEA).get(id));

    static OrderRules.Decision decide(OrderLine... lines) {
        return OrderRules.decide(List.of(lines), CATALOG);
    }

    @Test
    void accepts_lines_by_id_or_by_name_and_adds_up_the_total() {
        var decision = decide(new OrderLine(TEA.productId(), null, new BigDecimal("2.5")),
                new OrderLine(null, "TEA", new BigDecimal("2.50")));
        assertThat(decision).isEqualTo(new OrderRules.Accept(List.of(
                new OrderLine(TEA.productId(), "Tea", TEA.price()), new OrderLine(TEA.productId(), "Tea", TEA.price())),
                new BigDecimal("5.00")));
    }

    @Test
    void rejects_an_empty_order() {
        assertThat(decide()).isEqualTo(new OrderRules.Reject("an order needs at least one product"));
    }

    @Test
    void rejects_an_unknown_product_naming_it_and_its_line() {
        assertThat(decide(new OrderLine(TEA.productId(), null, TEA.price()), new OrderLine(null, "Unicorn", BigDecimal.ONE)))
                .isEqualTo(new OrderRules.Reject("unknown product 'Unicorn' (line 2)"));
    }

    @Test
    void rejects_a_price_that_differs_from_the_catalog() {
        assertThat(decide(new OrderLine(null, "Tea", new BigDecimal("2.49"))))
                .isEqualTo(new OrderRules.Reject("bad price for Tea: expected 2.50, got 2.49"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e-2147483647", "1e2147483647", "1e-20000000", "2.500000000000000000001", "-1e2147483647"})
    void rejects_a_price_out_of_any_range_with_a_short_reason_and_no_arithmetic_on_it(String price) {
        var decision = decide(new OrderLine(null, "Tea", new BigDecimal(price)));

        assertThat(decision).isInstanceOf(OrderRules.Reject.class);
        assertThat(((OrderRules.Reject) decision).reason()).startsWith("bad price for Tea").hasSizeLessThan(120);
    }

    @Test
    void rejects_a_price_that_is_not_positive() {
        assertThat(decide(new OrderLine(null, "Tea", new BigDecimal("-1"))))
                .isEqualTo(new OrderRules.Reject("bad price for Tea: a price must be positive, was -1"));
    }

    @Test
    void rejects_more_lines_than_the_limit() {
        List<OrderLine> lines = Collections.nCopies(OrderRules.MAX_LINES + 1, new OrderLine(null, "Tea", TEA.price()));
        assertThat(OrderRules.decide(lines, CATALOG)).isInstanceOf(OrderRules.Reject.class);
    }

    @Test
    void gives_a_name_one_product_id_whatever_its_case() {
        assertThat(OrderRules.productIdOf(" Green Tea ")).isEqualTo(OrderRules.productIdOf("green tea"));
    }
}
