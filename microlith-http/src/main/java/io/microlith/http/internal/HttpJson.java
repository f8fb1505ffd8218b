package io.microlith.http.internal;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The HTTP layer's Jackson set-up: strict about what it reads, plain ISO-8601 for times. Not API; the limits are
 * documented in the module's README.
 *
 * <p>Reading: unknown properties are ignored (clients may send more than a route reads); a number for a primitive
 * must be present; text after the JSON value, a key twice in one object, and a value of another JSON type than the
 * field's (the text {@code "9.99"} for a number, a number for a text, {@code 1.5} for an integer) are refused.
 */
public final class HttpJson {
    /** The deepest nesting of objects and arrays read; request bodies are flat records. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** The most characters of one number (digits, sign, point and exponent). */
    public static final int MAX_NUMBER_LENGTH = 100;
    /** The most characters of one text value. Bodies are smaller than this anyway with the default body limit. */
    public static final int MAX_STRING_LENGTH = 1_000_000;
    /** The most characters of one property name. */
    public static final int MAX_NAME_LENGTH = 1_000;
    /** The largest document read, a backstop behind the app's body limit (which is checked before parsing). */
    public static final long MAX_DOCUMENT_LENGTH = 16L * 1024 * 1024;
    /** How much of the input a parse error quotes. */
    public static final int MAX_ERROR_TOKEN_LENGTH = 40;

    public static final ObjectMapper MAPPER = build();

    private HttpJson() {
    }

    private static ObjectMapper build() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .maxNameLength(MAX_NAME_LENGTH)
                        .maxDocumentLength(MAX_DOCUMENT_LENGTH)
                        .build())
                .errorReportConfiguration(ErrorReportConfiguration.builder()
                        .maxErrorTokenLength(MAX_ERROR_TOKEN_LENGTH)
                        .maxRawContentLength(MAX_ERROR_TOKEN_LENGTH)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        JsonMapper mapper = JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        // a number or a boolean where a text is expected is refused too (Jackson would turn it into text)
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }
}
