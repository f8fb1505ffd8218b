package io.microlith.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Bounds on the arbitrary-precision numbers that message data is decoded into (decision 0053). Not API.
 *
 * <p>JSON lets a 13-character number mean a value no computer can write out: {@code 1e-2147483647} is a
 * {@link BigDecimal} of scale 2,147,483,647, cheap to hold but whose {@code toPlainString()} throws an
 * {@link OutOfMemoryError}, and {@code 1e100000} a {@link BigInteger} of 100,001 digits. So a decoded
 * {@code BigDecimal} has at most {@value #MAX_DIGITS} significant digits and a scale between
 * -{@value #MAX_DIGITS} and {@value #MAX_DIGITS} (its plain form has at most about twice that many
 * characters), and a {@code BigInteger} at most {@value #MAX_DIGITS} digits; a value beyond fails the decode
 * with an {@link InvalidFormatException} saying so, whether it came as a JSON number or as a string. The
 * domain's own bounds (a price's range and cents) are the application's to check, far inside these.
 */
public final class BoundedNumbers {
    /** Significant digits, digits after the point and digits before it, at most. */
    public static final int MAX_DIGITS = 1000;
    /** Bits of a {@code BigInteger} of {@value #MAX_DIGITS} decimal digits (log2(10) * 1000, rounded up). */
    private static final int MAX_BITS = 3322;

    private BoundedNumbers() {
    }

    /** The module that installs the bounded deserializers for {@link BigDecimal} and {@link BigInteger}. */
    static Module module() {
        return new SimpleModule("microlith-bounded-numbers")
                .addDeserializer(BigDecimal.class, new BoundedBigDecimal())
                .addDeserializer(BigInteger.class, new BoundedBigInteger());
    }

    /** Whether the value is within the bounds. */
    public static boolean isWithin(BigDecimal value) {
        return value.precision() <= MAX_DIGITS && Math.abs((long) value.scale()) <= MAX_DIGITS;
    }

    private static final class BoundedBigDecimal extends NumberDeserializers.BigDecimalDeserializer {
        @Override
        public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            BigDecimal value = super.deserialize(p, ctxt);
            if (value != null && !isWithin(value)) {
                throw InvalidFormatException.from(p, "A decimal of " + value.precision() + " digits and scale "
                        + value.scale() + " is beyond the bounds of decoding (at most " + MAX_DIGITS
                        + " digits, scale between -" + MAX_DIGITS + " and " + MAX_DIGITS + ")", null, BigDecimal.class);
            }
            return value;
        }
    }

    private static final class BoundedBigInteger extends NumberDeserializers.BigIntegerDeserializer {
        @Override
        public BigInteger deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                // 1e100000 would be made into a whole number of 100,001 digits before anything could refuse it
                BigDecimal decimal = p.getDecimalValue();
                if ((long) decimal.precision() - decimal.scale() > MAX_DIGITS) {
                    throw tooLarge(p);
                }
            }
            BigInteger value = super.deserialize(p, ctxt);
            if (value != null && value.bitLength() > MAX_BITS) {
                throw tooLarge(p);
            }
            return value;
        }

        private static InvalidFormatException tooLarge(JsonParser p) {
            return InvalidFormatException.from(p, "A whole number of more than " + MAX_DIGITS
                    + " digits is beyond the bounds of decoding", null, BigInteger.class);
        }
    }
}
