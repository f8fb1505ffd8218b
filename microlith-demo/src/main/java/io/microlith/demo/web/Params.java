package io.microlith.demo.web;

import io.javalin.http.Context;
import io.microlith.http.HttpProblem;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

/** Path and query parameters of the demo's routes, checked: each wrong one is a 400 naming it. */
public final class Params {
    private Params() {
    }

    /** The path parameter {@code name}, which must be a UUID in its usual lower-case form. */
    public static String uuid(Context ctx, String name) {
        String text = ctx.pathParam(name);
        if (!isUuid(text)) {
            throw HttpProblem.invalid(name, name + " must be an id (a UUID such as 0b7e1c6e-...), was '" + shorten(text) + "'");
        }
        return text;
    }

    /** Whether {@code text} is a UUID written the way this application writes ids. */
    public static boolean isUuid(String text) {
        if (text == null || text.length() != 36) {
            return false;
        }
        try {
            return UUID.fromString(text).toString().equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The whole-number query parameter {@code name} from {@code min} to {@code max}, or {@code fallback} when absent. */
    public static long number(Context ctx, String name, long fallback, long min, long max) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value < min || value > max) {
                throw HttpProblem.invalid(name, name + " must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw HttpProblem.invalid(name, name + " must be a whole number, was '" + shorten(text) + "'");
        }
    }

    /**
     * The query parameter {@code name} as an ISO-8601 time ({@code 2025-01-31T12:00:00Z} or with an offset,
     * {@code +02:00}; a {@code +} that the query decoded to a blank counts as {@code +}); empty when absent.
     */
    public static Optional<Instant> instant(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return Optional.empty();
        }
        String time = text.strip().replace(' ', '+');
        try {
            return Optional.of(OffsetDateTime.parse(time).toInstant());
        } catch (DateTimeParseException notWithOffset) {
            try {
                return Optional.of(Instant.parse(time));
            } catch (DateTimeParseException e) {
                throw HttpProblem.invalid(name, name + " must be an ISO-8601 time such as 2025-01-31T12:00:00Z, was '"
                        + shorten(text) + "'");
            }
        }
    }

    /** At most 60 characters of what a client sent, for an error message. */
    static String shorten(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
