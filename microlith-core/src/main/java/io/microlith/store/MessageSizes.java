package io.microlith.store;

import io.microlith.message.Causation;
import io.microlith.message.Metadata;
import io.microlith.message.MetadataJson;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Measures messages against a store's maximum size: the UTF-8 bytes of the data plus those of the metadata as
 * stored ({@link MetadataJson#write}). Exact only where it matters: most messages are far below the maximum,
 * and a cheap upper bound (3 bytes per character, a generous count for metadata) proves it without encoding
 * anything; only a message whose bound passes the maximum is measured exactly.
 */
final class MessageSizes {
    /** Bytes counted for a value the bound does not know: forces the exact measure. Sums stop there. */
    private static final long UNKNOWN = Long.MAX_VALUE / 4;

    private MessageSizes() {
    }

    /**
     * @throws MessageTooLargeException for the first message larger than {@code maxBytes}
     */
    static void requireWithin(List<StreamWrite> writes, int maxBytes) {
        for (StreamWrite write : writes) {
            for (NewMessage message : write.messages()) {
                if (upperBound(message) > maxBytes) {
                    long bytes = bytes(message);
                    if (bytes > maxBytes) {
                        throw new MessageTooLargeException(write.streamName(), message.type(), message.id(), bytes,
                                maxBytes);
                    }
                }
            }
        }
    }

    /** The exact size: data and stored metadata, UTF-8 bytes. */
    static long bytes(NewMessage message) {
        String metadata = MetadataJson.write(message.metadata());
        return utf8Length(message.data()) + (metadata == null ? 0 : utf8Length(metadata));
    }

    static long upperBound(NewMessage message) {
        return 3L * message.data().length() + upperBound(message.metadata());
    }

    /** The UTF-8 length of {@code text}; an unpaired surrogate counts as the 3 bytes of its replacement. */
    static long utf8Length(String text) {
        long bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    bytes += 2; // 4 bytes for the pair of chars
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    /**
     * At least the UTF-8 length of the metadata's JSON: every string at 6 bytes a character (a {@code \}{@code
     * uXXXX} escape) plus quotes, every key name and punctuation counted.
     */
    private static long upperBound(Metadata metadata) {
        if (metadata.isEmpty()) {
            return 0;
        }
        long bytes = 2 + 40 * 8; // braces, and each toolkit key's name, quotes, colon and comma
        bytes += string(metadata.correlationId()) + string(metadata.schemaVersion());
        bytes += name(metadata.correlationStreamName()) + name(metadata.replyStreamName());
        Causation causation = metadata.causation();
        if (causation != null) {
            bytes += 40 + name(causation.streamName()) + 2 * 20; // the id, the stream, two positions
        }
        for (Map.Entry<String, Object> property : metadata.properties().entrySet()) {
            bytes = plus(bytes, string(property.getKey()) + 2, value(property.getValue(), 0));
        }
        return bytes;
    }

    private static long value(Object value, int depth) {
        if (depth > 64) {
            return UNKNOWN;
        }
        return switch (value) {
            case null -> 4;
            case String s -> string(s);
            case Boolean b -> 5;
            case Integer i -> 11;
            case Long l -> 20;
            case Short s -> 6;
            case Byte b -> 4;
            case Double d -> 25;
            case Float f -> 25;
            case Map<?, ?> map -> {
                long bytes = 2;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    bytes = plus(bytes, entry.getKey() instanceof String key ? string(key) + 2 : UNKNOWN,
                            value(entry.getValue(), depth + 1));
                }
                yield bytes;
            }
            case Collection<?> list -> {
                long bytes = 2;
                for (Object element : list) {
                    bytes = plus(bytes, 1, value(element, depth + 1));
                }
                yield bytes;
            }
            default -> UNKNOWN;
        };
    }

    /** The sum, at most {@link #UNKNOWN} (each term is at most that, so the sum cannot overflow first). */
    private static long plus(long a, long b, long c) {
        return Math.min(UNKNOWN, a + b + c);
    }

    private static long string(String s) {
        return s == null ? 4 : 6L * s.length() + 2;
    }

    private static long name(StreamName name) {
        return name == null ? 4 : string(name.value());
    }
}
