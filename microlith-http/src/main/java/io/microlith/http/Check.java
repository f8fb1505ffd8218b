package io.microlith.http;

import java.math.BigDecimal;
import java.util.Collection;

/**
 * Field checks for request records, meant for their compact constructors. Each failure is an
 * {@link HttpProblem#invalid} naming the field, which {@link JsonBody} prefixes with the field's
 * position in the document ({@code products[2].price}).
 */
public final class Check {
    /** How many digits before the decimal point {@link #amount(String, BigDecimal, int)} allows: amounts below 10^15. */
    public static final int AMOUNT_INTEGER_DIGITS = 15;

    private Check() {
    }

    /**
     * A present, non-blank text of at most {@code maxLength} characters, returned trimmed: free text such as a
     * description, which may have several lines. Control characters other than tab, line feed and carriage return,
     * and invisible format characters (bidirectional overrides, zero-width spaces, byte order marks) are refused;
     * see {@link #line} for names and addresses.
     */
    public static String text(String field, String value, int maxLength) {
        return checked(field, value, maxLength, false);
    }

    /**
     * A present, non-blank single line of at most {@code maxLength} characters, returned trimmed: a name, an e-mail
     * address, a title. Refuses every control character (NUL, ESC, line breaks ...) and every invisible one
     * (bidirectional overrides U+202A-202E and isolates U+2066-2069, zero-width U+200B-200D, U+FEFF, unpaired
     * surrogates, private-use and unassigned code points), so that what is stored is what a reader sees.
     */
    public static String line(String field, String value, int maxLength) {
        return checked(field, value, maxLength, true);
    }

    private static String checked(String field, String value, int maxLength, boolean line) {
        if (value == null) {
            throw HttpProblem.invalid(field, field + " is required");
        }
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            throw HttpProblem.invalid(field, field + " must not be blank");
        }
        int length = trimmed.codePointCount(0, trimmed.length());
        if (length > maxLength) {
            throw HttpProblem.invalid(field, field + " must be at most " + maxLength + " characters, was " + length);
        }
        int refused = TextRules.firstRefused(trimmed, line);
        if (refused >= 0) {
            throw HttpProblem.invalid(field, field + " must not contain control or invisible characters (U+"
                    + String.format("%04X", trimmed.codePointAt(refused)) + " at " + trimmed.codePointCount(0, refused) + ")");
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

    /** {@link #amount(String, BigDecimal, int, int)} with at most {@value #AMOUNT_INTEGER_DIGITS} digits before the point. */
    public static BigDecimal amount(String field, BigDecimal value, int scale) {
        return amount(field, value, AMOUNT_INTEGER_DIGITS, scale);
    }

    /**
     * A present decimal amount (a price, a quantity) with at most {@code integerDigits} digits before the decimal
     * point and {@code scale} after it, once trailing zeros are dropped ({@code 2.50} has one decimal). Refuses
     * anything larger or finer, whatever its notation: {@code 1e2147483647} and {@code 1e-100000} are refused here,
     * with a short message, before any code writes them out digit by digit.
     */
    public static BigDecimal amount(String field, BigDecimal value, int integerDigits, int scale) {
        present(field, value);
        BigDecimal stripped = value.stripTrailingZeros();
        // long arithmetic: a scale near Integer.MIN_VALUE must not wrap around into a small number of digits
        long digitsBeforePoint = (long) stripped.precision() - stripped.scale();
        if (stripped.scale() > scale || digitsBeforePoint > integerDigits) {
            throw HttpProblem.invalid(field, field + " must have at most " + integerDigits
                    + " digits before the decimal point and " + scale + " after, was " + Quote.of(value));
        }
        return value;
    }
}
