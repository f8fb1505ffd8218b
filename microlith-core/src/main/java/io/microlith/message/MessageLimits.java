package io.microlith.message;

import io.microlith.internal.BoundedNumbers;
import io.microlith.internal.Json;

/**
 * The bounds the toolkit puts on messages, in one place (decisions 0052 and 0053).
 *
 * <p><b>Size, at write.</b> Every store refuses a message whose data and metadata together are larger than its
 * maximum, {@value #DEFAULT_MAX_MESSAGE_BYTES} bytes (1 MiB) unless configured otherwise, with a
 * {@code MessageTooLargeException}; nothing of that write is stored. A store may be configured from
 * {@value #MIN_MAX_MESSAGE_BYTES} bytes (16 KiB) up to {@value #MAX_MESSAGE_BYTES} bytes (16 MiB), the longest
 * JSON the toolkit reads. The name of a stream written
 * is at most {@value #MAX_STREAM_NAME_BYTES} bytes ({@code InvalidStreamNameException}).
 *
 * <p><b>JSON, when read.</b> The toolkit's JSON reading (a message's data decoded into records, metadata,
 * and the check of every {@link NewMessage}'s data) refuses, with an {@link IllegalArgumentException} naming
 * the limit:
 * <ul>
 *   <li>a text longer than {@value #MAX_MESSAGE_BYTES} characters, or a string in it as long;</li>
 *   <li>arrays and objects nested deeper than {@value #MAX_NESTING_DEPTH};</li>
 *   <li>a number of more than {@value #MAX_NUMBER_LENGTH} characters, a property name of more than
 *       {@value #MAX_NAME_LENGTH};</li>
 *   <li>when decoding into a record: a {@code BigDecimal} of more than {@value #MAX_DECIMAL_DIGITS} significant
 *       digits or a scale beyond ±{@value #MAX_DECIMAL_DIGITS} ({@code 1e-2147483647}), a {@code BigInteger}
 *       of more than {@value #MAX_DECIMAL_DIGITS} digits;</li>
 *   <li>in a {@link NewMessage}'s data only: a key twice in one object ({@code {"a":1,"a":2}}).</li>
 * </ul>
 */
public final class MessageLimits {
    /** A store's maximum size of one message (data and metadata, UTF-8 bytes) unless configured: 1 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
    /**
     * The smallest maximum a store may be configured with: 16 KiB, so that the toolkit's own records always fit
     * (a {@code Parked} record holds a failure of up to 2,000 characters and a stream name of up to
     * {@value #MAX_STREAM_NAME_BYTES} bytes, JSON-escaped).
     */
    public static final int MIN_MAX_MESSAGE_BYTES = 16 * 1024;
    /** The largest maximum a store may be configured with, and the longest JSON text read: 16 MiB. */
    public static final int MAX_MESSAGE_BYTES = Json.MAX_DOCUMENT_LENGTH;
    /** The deepest nesting of JSON arrays and objects read or written. */
    public static final int MAX_NESTING_DEPTH = Json.MAX_NESTING_DEPTH;
    /** The most characters of one JSON number. */
    public static final int MAX_NUMBER_LENGTH = Json.MAX_NUMBER_LENGTH;
    /** The most characters of one JSON property name. */
    public static final int MAX_NAME_LENGTH = Json.MAX_NAME_LENGTH;
    /**
     * The longest name of a stream written, in UTF-8 bytes. Every store can index it (PostgreSQL's b-tree index on
     * stream names takes at most 2704 bytes an entry), and a stream named after user input stays bounded.
     */
    public static final int MAX_STREAM_NAME_BYTES = 1000;
    /** The most digits of a decoded {@code BigDecimal} (significant, and scale either way) or {@code BigInteger}. */
    public static final int MAX_DECIMAL_DIGITS = BoundedNumbers.MAX_DIGITS;

    private MessageLimits() {
    }

    /**
     * Checks a store's configured maximum message size and returns it.
     *
     * @throws IllegalArgumentException unless it is between {@value #MIN_MAX_MESSAGE_BYTES} and
     *                                  {@value #MAX_MESSAGE_BYTES}
     */
    public static int requireMaxMessageBytes(long maxMessageBytes) {
        if (maxMessageBytes < MIN_MAX_MESSAGE_BYTES || maxMessageBytes > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("maxMessageBytes must be between " + MIN_MAX_MESSAGE_BYTES
                    + " (16 KiB, for the toolkit's own records) and " + MAX_MESSAGE_BYTES
                    + " (16 MiB, the longest JSON the toolkit reads), was " + maxMessageBytes);
        }
        return (int) maxMessageBytes;
    }
}
