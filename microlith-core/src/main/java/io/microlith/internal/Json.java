package io.microlith.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The toolkit's one shared Jackson set-up, with the limits of JSON reading that {@code MessageLimits}
 * publishes (decision 0053). Not API.
 */
public final class Json {

    /**
     * The longest JSON text read, in characters, and the longest string in it: 16 MiB, the most a store may be
     * configured to take for one message (its data and metadata together, in UTF-8 bytes, which are never
     * fewer than its characters). So whatever a store accepted can be read back.
     */
    public static final int MAX_DOCUMENT_LENGTH = 16 * 1024 * 1024;
    /** The deepest nesting of arrays and objects, read or written. */
    public static final int MAX_NESTING_DEPTH = 200;
    /** The most characters of one number (Jackson's default). */
    public static final int MAX_NUMBER_LENGTH = 1000;
    /** The most characters of one property name (Jackson's default). */
    public static final int MAX_NAME_LENGTH = 50_000;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            // Error locations without the source text: building that reference showed in read profiles.
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxDocumentLength(MAX_DOCUMENT_LENGTH)
                    .maxStringLength(MAX_DOCUMENT_LENGTH)
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .maxNameLength(MAX_NAME_LENGTH)
                    .build())
            // the toolkit never writes what it could not read back
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();

    /**
     * Maps records to JSON and back; unknown properties are ignored so that old readers survive new fields;
     * decoded {@code BigDecimal}s and {@code BigInteger}s are bounded ({@link BoundedNumbers}).
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .findAndAddModules()
            .addModule(BoundedNumbers.module())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private Json() {
    }

    public static JsonFactory factory() {
        return FACTORY;
    }

    /**
     * Checks that {@code text} is exactly one well-formed JSON value within the limits above, with no key twice
     * in one object (a store must never hold ambiguous data: PostgreSQL's {@code jsonb} would keep the last
     * value, other readers the first), without building a tree. Ordinary small texts are settled by
     * {@link JsonCheck} without creating a parser; the rest, and every text refused, by Jackson.
     *
     * @throws IllegalArgumentException naming {@code what} and the parser's complaint
     */
    public static void requireWellFormed(String text, String what) {
        requireWellFormed(text, what, "");
    }

    /**
     * As {@link #requireWellFormed(String, String)}, naming {@code what + whatName}: the two are joined only
     * when the fast check defers, so checking accepted data allocates nothing.
     */
    public static void requireWellFormed(String text, String what, String whatName) {
        if (!JsonCheck.certainlyWellFormed(text)) {
            requireWellFormedByParser(text, what, whatName);
        }
    }

    private static void requireWellFormedByParser(String text, String what, String whatName) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (parser.nextToken() == null) {
                throw new IllegalArgumentException("Invalid JSON in " + what + whatName + ": no value");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("Invalid JSON in " + what + whatName + ": more than one value");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Invalid JSON in " + what + whatName + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks that {@code text} is at most {@link #MAX_DOCUMENT_LENGTH} characters. Jackson checks the length of
     * a text only as it reads past it, and a mapper stops at the end of the first value: so a text read whole
     * from memory is measured here first.
     *
     * @throws IllegalArgumentException naming {@code what}, the length and the limit
     */
    public static void requireReadableLength(String text, String what) {
        if (text.length() > MAX_DOCUMENT_LENGTH) {
            throw new IllegalArgumentException(what + " is " + text.length() + " characters of JSON, more than the "
                    + MAX_DOCUMENT_LENGTH + " the toolkit reads");
        }
    }

    /** Parses JSON text to a tree. */
    public static JsonNode tree(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** True when both texts are the same JSON value, whatever their whitespace and key order. */
    public static boolean equivalent(String a, String b) {
        return a.equals(b) || tree(a).equals(tree(b));
    }

}
