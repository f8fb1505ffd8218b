package io.microlith.message;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What travels with a message besides its data.
 *
 * <p>Stored as a JSON object using Eventide's key names where Eventide has one
 * ({@code correlationStreamName}, {@code causationMessageStreamName}, {@code causationMessagePosition},
 * {@code causationMessageGlobalPosition}, {@code replyStreamName}, {@code schemaVersion}) plus
 * {@code correlationId} and {@code causationMessageId}. User-defined keys sit beside them at the top
 * level of the same object; their values are JSON values (String, Number, Boolean, List, Map or null).
 * The user key {@value #TAGS} holds the message's tags ({@link #tags()}, {@link #withTags}), the labels an
 * {@code io.microlith.store.MessageQuery} selects by: {@code "tags": ["product-name:tea"]}. The user key
 * {@value #HANDLED_INLINE} marks a command stored with its outcome ({@link #handledInline()}).
 *
 * @param correlationId         the conversation this message belongs to, or {@code null}
 * @param causation             the message that caused this one, or {@code null}
 * @param correlationStreamName a stream whose category consumers may filter on (message-db's correlation), or {@code null}
 * @param replyStreamName       where a handler should write its reply, or {@code null}
 * @param schemaVersion         the version of the data's schema, or {@code null}
 * @param properties            user-defined keys, never {@code null}; must not reuse a reserved key
 */
public record Metadata(
        String correlationId,
        Causation causation,
        StreamName correlationStreamName,
        StreamName replyStreamName,
        String schemaVersion,
        Map<String, Object> properties) {

    /** Metadata with nothing in it. */
    public static final Metadata EMPTY = new Metadata(null, null, null, null, null, Map.of());

    /** The JSON keys the toolkit owns; user properties may not use them. */
    public static final java.util.Set<String> RESERVED_KEYS = java.util.Set.of(
            "correlationId", "causationMessageId", "causationMessageStreamName", "causationMessagePosition",
            "causationMessageGlobalPosition", "correlationStreamName", "replyStreamName", "schemaVersion");

    /** The key of the tags in the stored metadata object: a JSON array of strings. */
    public static final String TAGS = "tags";

    /**
     * The key that marks a command decided on its sender's thread and stored in one write with its events (decision
     * 0074): {@code "handledInline": true}. Its consumer acknowledges it without deciding it again; the mark is
     * truthful because the command and its outcome were committed together.
     */
    public static final String HANDLED_INLINE = "handledInline";

    /** The longest tag, in characters. */
    public static final int MAX_TAG_LENGTH = 256;

    public Metadata {
        properties = properties == null || properties.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        for (String key : properties.keySet()) {
            Objects.requireNonNull(key, "property key");
            if (RESERVED_KEYS.contains(key)) {
                throw new IllegalArgumentException("Metadata property '" + key
                        + "' is reserved; use the record component of that name instead");
            }
        }
    }

    /** Fresh metadata that starts a conversation with a new random correlation id. */
    public static Metadata correlated() {
        return EMPTY.withCorrelationId(MessageIds.next().toString());
    }

    /**
     * Metadata for a message that follows {@code cause}: it copies the cause's correlation id,
     * correlation stream and reply stream, and records the cause as causation.
     */
    public static Metadata following(Message cause) {
        Metadata of = cause.metadata();
        return new Metadata(of.correlationId, Causation.of(cause), of.correlationStreamName, of.replyStreamName,
                null, Map.of());
    }

    public boolean isEmpty() {
        return this.equals(EMPTY);
    }

    public Metadata withCorrelationId(String correlationId) {
        return new Metadata(correlationId, causation, correlationStreamName, replyStreamName, schemaVersion, properties);
    }

    public Metadata withCausation(Causation causation) {
        return new Metadata(correlationId, causation, correlationStreamName, replyStreamName, schemaVersion, properties);
    }

    public Metadata withCorrelationStreamName(StreamName name) {
        return new Metadata(correlationId, causation, name, replyStreamName, schemaVersion, properties);
    }

    public Metadata withReplyStreamName(StreamName name) {
        return new Metadata(correlationId, causation, correlationStreamName, name, schemaVersion, properties);
    }

    public Metadata withSchemaVersion(String schemaVersion) {
        return new Metadata(correlationId, causation, correlationStreamName, replyStreamName, schemaVersion, properties);
    }

    /** A copy with one more user-defined key (a JSON value). */
    public Metadata withProperty(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(properties);
        copy.put(key, value);
        return new Metadata(correlationId, causation, correlationStreamName, replyStreamName, schemaVersion, copy);
    }

    /** Whether the message is a command marked {@value #HANDLED_INLINE}: stored together with its outcome. */
    public boolean handledInline() {
        return Boolean.TRUE.equals(properties.get(HANDLED_INLINE));
    }

    /** A copy marked {@value #HANDLED_INLINE}. */
    public Metadata withHandledInline() {
        return withProperty(HANDLED_INLINE, true);
    }

    /**
     * The message's tags, in the order written: the strings of the {@value #TAGS} property, empty when there is
     * none. Lenient on read (a message written by another client with a {@value #TAGS} value that is not a list
     * of strings has the strings of it, or none), strict on write ({@link #withTags}).
     */
    public List<String> tags() {
        if (!(properties.get(TAGS) instanceof List<?> values)) {
            return List.of();
        }
        List<String> tags = new ArrayList<>(values.size());
        for (Object value : values) {
            if (value instanceof String tag) {
                tags.add(tag);
            }
        }
        return tags;
    }

    /**
     * A copy whose tags are {@code tags} (replacing any), each a string of 1 to {@value #MAX_TAG_LENGTH}
     * characters that is not blank, e.g. {@code product-name:tea}; repeats are kept once. No tags removes the key.
     *
     * @throws IllegalArgumentException a tag is null, blank or too long
     */
    public Metadata withTags(Collection<String> tags) {
        Objects.requireNonNull(tags, "tags");
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (String tag : tags) {
            distinct.add(requireTag(tag));
        }
        Map<String, Object> copy = new LinkedHashMap<>(properties);
        if (distinct.isEmpty()) {
            copy.remove(TAGS);
        } else {
            copy.put(TAGS, List.copyOf(distinct));
        }
        return new Metadata(correlationId, causation, correlationStreamName, replyStreamName, schemaVersion, copy);
    }

    /** {@link #withTags(Collection)} of the given tags. */
    public Metadata withTags(String... tags) {
        return withTags(java.util.Arrays.asList(tags));
    }

    /**
     * Checks one tag: not null, not blank, at most {@value #MAX_TAG_LENGTH} characters.
     *
     * @throws IllegalArgumentException saying which rule it breaks
     */
    public static String requireTag(String tag) {
        if (tag == null || tag.isBlank()) {
            throw new IllegalArgumentException("A tag must not be blank, was " + (tag == null ? "null" : "'" + tag + "'"));
        }
        if (tag.length() > MAX_TAG_LENGTH) {
            throw new IllegalArgumentException("A tag is at most " + MAX_TAG_LENGTH + " characters, was " + tag.length()
                    + ": '" + tag.substring(0, 40) + "…'");
        }
        return tag;
    }
}
