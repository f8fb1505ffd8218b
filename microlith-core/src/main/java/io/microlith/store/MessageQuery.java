package io.microlith.store;

import io.microlith.message.Message;
import io.microlith.message.Metadata;
import io.microlith.message.StreamName;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which messages make up a consistency boundary: the messages matching any of its {@link Item}s, wherever they are
 * stored (any stream, any category). Read with {@link QueryReader#readMatching}, and guard a write with an
 * {@link AppendCondition} over the same query.
 *
 * <pre>{@code
 * MessageQuery names = MessageQuery.tagged("product-name:tea");                    // one tag, any type
 * MessageQuery claims = MessageQuery.of(Item.tagged("creator:7", "video-name:intro")
 *         .types("VideoNamed"));                                                  // both tags, one type
 * MessageQuery both = names.or(claims);
 * }</pre>
 *
 * @param items at least one; a message matches the query when it matches one of them
 */
public record MessageQuery(List<Item> items) {

    public MessageQuery {
        Objects.requireNonNull(items, "items");
        if (items.isEmpty()) {
            throw new IllegalArgumentException("A message query needs at least one item");
        }
        items.forEach(item -> Objects.requireNonNull(item, "A message query must not hold a null item"));
        items = List.copyOf(items);
    }

    /** A query of the given items. */
    public static MessageQuery of(Item... items) {
        return new MessageQuery(List.of(items));
    }

    /** The messages carrying every one of {@code tags}, of any type. */
    public static MessageQuery tagged(String... tags) {
        return of(Item.tagged(tags));
    }

    /** The messages of any of {@code categories}, of any type. */
    public static MessageQuery inCategories(String... categories) {
        return of(Item.inCategories(categories));
    }

    /** The messages matching this query or {@code other}. */
    public MessageQuery or(MessageQuery other) {
        return new MessageQuery(java.util.stream.Stream.concat(items.stream(), other.items.stream()).toList());
    }

    /** Whether a stored message matches. */
    public boolean matches(Message message) {
        return matches(message.type(), message.streamName(), message.metadata());
    }

    /** Whether a message of {@code type} in {@code stream} with {@code metadata} matches (stored or about to be). */
    public boolean matches(String type, StreamName stream, Metadata metadata) {
        for (Item item : items) {
            if (item.matches(type, stream, metadata)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return items.stream().map(Item::toString).collect(Collectors.joining(" or "));
    }

    /**
     * One criterion: a message matches when it carries <b>every</b> tag of {@code tags}, is of <b>one</b> of
     * {@code types} (any type when empty), and is in <b>one</b> of {@code categories} (any category when empty).
     * An item names at least one tag or one category, so that a store finds its messages through an index
     * (a type alone would mean scanning the whole store; name the category too).
     *
     * @param tags       tags the message must all carry ({@link Metadata#tags()}); may be empty when categories are given
     * @param types      message types, or empty for any
     * @param categories categories of the message's stream, or empty for any; may be empty when tags are given
     */
    public record Item(Set<String> tags, Set<String> types, Set<String> categories) {

        public Item {
            tags = copy(tags, "tag");
            types = copy(types, "type");
            categories = copy(categories, "category");
            tags.forEach(Metadata::requireTag);
            categories.forEach(StreamName::requireCategory);
            if (tags.isEmpty() && categories.isEmpty()) {
                throw new IllegalArgumentException("A message query item needs at least one tag or one category"
                        + (types.isEmpty() ? "" : " besides its types " + types) + ", so that stores find its messages"
                        + " by an index");
            }
        }

        /** The messages carrying every one of {@code tags}. */
        public static Item tagged(String... tags) {
            return new Item(setOf(tags), Set.of(), Set.of());
        }

        /** The messages of any of {@code categories}. */
        public static Item inCategories(String... categories) {
            return new Item(Set.of(), Set.of(), setOf(categories));
        }

        /** This item, narrowed to messages of one of {@code types}. */
        public Item types(String... types) {
            return new Item(tags, setOf(types), categories);
        }

        /** This item, narrowed to messages of one of {@code categories}. */
        public Item categories(String... categories) {
            return new Item(tags, types, setOf(categories));
        }

        /** Whether a message of {@code type} in {@code stream} with {@code metadata} matches. */
        public boolean matches(String type, StreamName stream, Metadata metadata) {
            return (types.isEmpty() || types.contains(type))
                    && (categories.isEmpty() || categories.contains(stream.category()))
                    && (tags.isEmpty() || metadata.tags().containsAll(tags));
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("(");
            append(text, "tags", tags);
            append(text, "types", types);
            append(text, "categories", categories);
            return text.append(')').toString();
        }

        private static void append(StringBuilder text, String what, Set<String> values) {
            if (!values.isEmpty()) {
                text.append(text.length() > 1 ? " " : "").append(what).append(' ')
                        .append(values.stream().sorted().collect(Collectors.joining(", ", "[", "]")));
            }
        }

        private static Set<String> copy(Set<String> values, String what) {
            if (values == null) {
                return Set.of();
            }
            for (String value : values) {
                if (value == null) {
                    throw new IllegalArgumentException("A message query item must not hold a null " + what);
                }
            }
            return Set.copyOf(values);
        }

        private static Set<String> setOf(String... values) {
            return new LinkedHashSet<>(Arrays.asList(Objects.requireNonNull(values, "values")));
        }
    }
}
