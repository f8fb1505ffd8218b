package io.microlith.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The toolkit's one shared Jackson set-up. Not API. */
public final class Json {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            // Error locations without the source text: building that reference showed in read profiles.
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            // Messages of many megabytes are legal; Jackson's default string limit (20 MB) is kept as the bound.
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1000).build())
            .build();

    /** Maps records to JSON and back; unknown properties are ignored so that old readers survive new fields. */
    public static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private Json() {
    }

    public static JsonFactory factory() {
        return FACTORY;
    }

    /**
     * Checks that {@code text} is exactly one well-formed JSON value, without building a tree.
     *
     * @throws IllegalArgumentException naming {@code what} and the parser's complaint
     */
    public static void requireWellFormed(String text, String what) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() == null) {
                throw new IllegalArgumentException("Invalid JSON in " + what + ": no value");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("Invalid JSON in " + what + ": more than one value");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Invalid JSON in " + what + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
