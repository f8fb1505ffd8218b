package io.microlith.message;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The name of a stream, following message-db's grammar.
 *
 * <ul>
 *   <li>The <b>category</b> is everything before the first {@code -}: {@code account-123} → {@code account}.
 *       A category may carry <b>types</b> after a {@code :}, joined with {@code +}:
 *       {@code account:command-123} has category {@code account:command}, entity {@code account} and
 *       type {@code command}; {@code account:command+position-7} has types {@code command} and
 *       {@code position}. To the store a typed category is simply another category.</li>
 *   <li>The <b>id</b> is everything after the first {@code -} (ids may contain dashes, e.g. UUIDs).
 *       A <b>compound id</b> joins ids with {@code +} ({@code order-1+2}); its first part is the
 *       <b>cardinal id</b>, which decides the consumer-group member of the stream.</li>
 *   <li>A name without {@code -} is a bare category. It can be read from message-db databases, but
 *       Microlith stores refuse to write to it or read it as a stream.</li>
 * </ul>
 *
 * Names must not be blank, contain whitespace or control characters, or have empty parts
 * ({@code -1}, {@code account-}, {@code account:-1}, {@code account-1++2}); such names raise an
 * {@link InvalidStreamNameException} saying which rule they broke.
 *
 * @param value the full name, e.g. {@code account:command-123}
 */
public record StreamName(String value) implements Comparable<StreamName> {

    public StreamName {
        validate(value);
    }

    /** Parses and validates a stream name. */
    public static StreamName of(String value) {
        return new StreamName(value);
    }

    /** The stream of one entity: {@code of("account", "123")} is {@code account-123}. */
    public static StreamName of(String category, String id) {
        requireCategory(category);
        if (id == null || id.isEmpty()) {
            throw new InvalidStreamNameException(category + "-" + id, "the id must not be empty");
        }
        return new StreamName(category + "-" + id);
    }

    /** A stream with a compound id: {@code of("order", "1", "2")} is {@code order-1+2}. */
    public static StreamName of(String category, String cardinalId, String... moreIds) {
        if (moreIds.length == 0) {
            return of(category, cardinalId);
        }
        return of(category, cardinalId + "+" + String.join("+", moreIds));
    }

    /**
     * Checks that {@code category} is a valid category name (no {@code -}) and returns it.
     *
     * @throws InvalidStreamNameException when it is not
     */
    public static String requireCategory(String category) {
        if (category != null && category.indexOf('-') >= 0) {
            throw new InvalidStreamNameException(category, "a category must not contain '-'");
        }
        validate(category);
        return category;
    }

    /** Everything before the first {@code -}; the whole name for a bare category. */
    public String category() {
        int dash = value.indexOf('-');
        return dash < 0 ? value : value.substring(0, dash);
    }

    /** The entity part of the category, without types: {@code account} for {@code account:command-1}. */
    public String entity() {
        String category = category();
        int colon = category.indexOf(':');
        return colon < 0 ? category : category.substring(0, colon);
    }

    /** The category types after {@code :}, e.g. {@code [command, position]}; empty when there are none. */
    public List<String> types() {
        String category = category();
        int colon = category.indexOf(':');
        return colon < 0 ? List.of() : List.of(category.substring(colon + 1).split("\\+"));
    }

    /** Whether the category carries the given type ({@code account:command-1} has type {@code command}). */
    public boolean hasType(String type) {
        return types().contains(type);
    }

    /** Everything after the first {@code -}, or empty for a bare category. */
    public Optional<String> id() {
        int dash = value.indexOf('-');
        return dash < 0 ? Optional.empty() : Optional.of(value.substring(dash + 1));
    }

    /** The first part of a compound id, or the id itself; empty for a bare category. */
    public Optional<String> cardinalId() {
        int dash = value.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        int plus = value.indexOf('+', dash + 1);
        return Optional.of(plus < 0 ? value.substring(dash + 1) : value.substring(dash + 1, plus));
    }

    /** The parts of a compound id ({@code [1, 2]} for {@code order-1+2}); empty for a bare category. */
    public List<String> ids() {
        return id().map(id -> Arrays.asList(id.split("\\+"))).orElse(List.of());
    }

    /** True for a bare category (a name without {@code -}). */
    public boolean isCategory() {
        return value.indexOf('-') < 0;
    }

    @Override
    public int compareTo(StreamName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }

    private static void validate(String value) {
        if (value == null) {
            throw new InvalidStreamNameException(null, "a name is required");
        }
        if (value.isEmpty()) {
            throw new InvalidStreamNameException(value, "a name must not be empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new InvalidStreamNameException(value,
                        "whitespace or control character at index " + i + " is not allowed");
            }
        }
        int dash = value.indexOf('-');
        String category = dash < 0 ? value : value.substring(0, dash);
        if (category.isEmpty()) {
            throw new InvalidStreamNameException(value, "the category before '-' must not be empty");
        }
        int colon = category.indexOf(':');
        if (colon >= 0) {
            requireParts(value, category.substring(0, colon), "the entity before ':'", false);
            String types = category.substring(colon + 1);
            if (types.indexOf(':') >= 0) {
                throw new InvalidStreamNameException(value, "a category has at most one ':'");
            }
            requireParts(value, types, "the category types after ':'", true);
        } else {
            requireParts(value, category, "the category", true);
        }
        if (dash >= 0) {
            requireParts(value, value.substring(dash + 1), "the id after '-'", true);
        }
    }

    private static void requireParts(String name, String part, String what, boolean compound) {
        if (part.isEmpty()) {
            throw new InvalidStreamNameException(name, what + " must not be empty");
        }
        if (compound && (part.startsWith("+") || part.endsWith("+") || part.contains("++"))) {
            throw new InvalidStreamNameException(name, what + " has an empty part around '+'");
        }
        if (!compound && part.indexOf('+') >= 0) {
            throw new InvalidStreamNameException(name, what + " must not contain '+'");
        }
    }
}
