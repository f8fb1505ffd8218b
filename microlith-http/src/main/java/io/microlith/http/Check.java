package io.microlith.http;

import java.math.BigDecimal;
import java.util.Collection;

/**
 * Field checks for request records, meant for their compact constructors. Each failure is an
 * {@link HttpProblem#invalid} naming the field, which {@link JsonBody} prefixes with the field's
 * position in the document ({@code products[2].price}).
 */
public final class Check {
    private Check() {
    }

    /** A present, non-blank text of at most {@code maxLength} characters, returned trimmed. */
    public static String text(String field, String value, int maxLength) {
        if (value == null) {
            throw HttpProblem.invalid(field, field + " is required");
        }
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            throw HttpProblem.invalid(field, field + " must not be blank");
        }
        if (trimmed.length() > maxLength) {
            throw HttpProblem.invalid(field, field + " must be at most " + maxLength + " characters, was " + trimmed.length());
        }
        return trimmed;
    }

    /** A present value. */
    public static <T> T present(String field, T value) {
        if (value == null) {
            throw HttpProblem.invalid(field, field + " is required");
        }
        return value;
    }

    /** A present collection (it may be empty). */
    public static <C extends Collection<?>> C list(String field, C value) {
        if (value == null) {
            throw HttpProblem.invalid(field, field + " is required (an array, possibly empty)");
        }
        return value;
    }

    /** A present number with at most {@code scale} decimals. */
    public static BigDecimal amount(String field, BigDecimal value, int scale) {
        present(field, value);
        if (value.stripTrailingZeros().scale() > scale) {
            throw HttpProblem.invalid(field, field + " must have at most " + scale + " decimals, was " + value.toPlainString());
        }
        return value;
    }
}
