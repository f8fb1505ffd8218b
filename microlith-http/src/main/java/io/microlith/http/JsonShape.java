package io.microlith.http;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import io.microlith.http.internal.HttpJson;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Locale;

/** The kinds of JSON value a Java type reads, in words a client understands (no class names). */
final class JsonShape {
    private JsonShape() {
    }

    /** Refuses a body whose first token is not the kind of value {@code type} reads; the literal null always. */
    static void require(JsonToken first, Class<?> type) {
        if (first == null) {
            throw HttpProblem.badRequest("A JSON body is required");
        }
        boolean fits = switch (first) {
            case VALUE_NULL -> false;
            case START_OBJECT -> isObject(type) || isAny(type);
            case START_ARRAY -> isArray(type) || isAny(type);
            default -> !isObject(type) && !isArray(type);
        };
        if (!fits) {
            throw HttpProblem.badRequest("The body must be " + describe(type) + ", was " + describe(first));
        }
    }

    /** A value of {@code type} in words: {@code a number}, {@code a text}, {@code an array}, {@code an object}... */
    static String describe(Class<?> type) {
        if (type == null || isAny(type)) {
            return "a JSON value";
        }
        if (isNumber(type)) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class || type.isEnum() || type == char.class || type == Character.class) {
            return "a text";
        }
        if (isArray(type)) {
            return "an array";
        }
        return "an object";
    }

    /** What a JSON token starts, in words. */
    static String describe(JsonToken token) {
        return switch (token) {
            case VALUE_NULL -> "null";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a text";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "true or false";
            default -> "not a JSON value";
        };
    }

    /** Which of the reader's limits the body went past, in words (Jackson's own message names its classes). */
    static String limitExceeded(StreamConstraintsException limit) {
        String message = limit.getOriginalMessage() == null ? "" : limit.getOriginalMessage().toLowerCase(Locale.ROOT);
        if (message.contains("nesting depth")) {
            return "The body is nested deeper than " + HttpJson.MAX_NESTING_DEPTH + " levels";
        }
        if (message.contains("number value length")) {
            return "A number in the body is longer than " + HttpJson.MAX_NUMBER_LENGTH + " characters";
        }
        if (message.contains("string value length")) {
            return "A text in the body is longer than " + HttpJson.MAX_STRING_LENGTH + " characters";
        }
        if (message.contains("name length")) {
            return "A property name in the body is longer than " + HttpJson.MAX_NAME_LENGTH + " characters";
        }
        return "The body is larger than the JSON reader accepts";
    }

    private static boolean isAny(Class<?> type) {
        return type == Object.class || JsonNode.class.isAssignableFrom(type);
    }

    private static boolean isArray(Class<?> type) {
        return type.isArray() || Collection.class.isAssignableFrom(type);
    }

    private static boolean isNumber(Class<?> type) {
        return Number.class.isAssignableFrom(type) || type == BigDecimal.class || type == BigInteger.class
                || type == int.class || type == long.class || type == double.class || type == float.class
                || type == short.class || type == byte.class;
    }

    /** Records, maps and other beans: everything but arrays, scalars and "any JSON". */
    private static boolean isObject(Class<?> type) {
        boolean scalar = isNumber(type) || type.isPrimitive() || type == String.class || type == Boolean.class
                || type == Character.class || type.isEnum();
        return !isAny(type) && !isArray(type) && !scalar;
    }
}
