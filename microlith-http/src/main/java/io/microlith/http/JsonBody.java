package io.microlith.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.javalin.http.Context;
import io.microlith.http.internal.HttpJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Reads a request's JSON body into a record, answering every way it can be wrong with a specific
 * {@link HttpProblem}: 415 when the Content-Type is not JSON, 413 when the body is larger than the
 * limit (checked on the Content-Length and again while reading, so a chunked body cannot slip
 * past it), 400 when it is empty, not JSON or JSON's {@code null}, and 400 naming the field when a value has the wrong
 * type or a record's constructor rejects it with {@link HttpProblem#invalid}.
 */
public final class JsonBody {
    private JsonBody() {
    }

    /** The body as {@code type}, with the app's size limit ({@link HttpSettings#maxRequestBytes()}). */
    public static <T> T read(Context ctx, Class<T> type) {
        return read(ctx, type, MicrolithHttp.settings(ctx).maxRequestBytes());
    }

    /** The body as {@code type}, refusing bodies larger than {@code maxBytes}. */
    public static <T> T read(Context ctx, Class<T> type, long maxBytes) {
        byte[] body = bytes(ctx, maxBytes);
        T value;
        try {
            value = HttpJson.MAPPER.readValue(body, type);
        } catch (IOException e) {
            throw problem(e);
        }
        if (value == null) { // the body was JSON's null: a route expects an object
            throw HttpProblem.badRequest("The body must be a JSON object, not null");
        }
        return value;
    }

    /** The body as a JSON tree, for routes that inspect it by hand. */
    public static JsonNode tree(Context ctx) {
        byte[] body = bytes(ctx, MicrolithHttp.settings(ctx).maxRequestBytes());
        try {
            return HttpJson.MAPPER.readTree(body);
        } catch (IOException e) {
            throw problem(e);
        }
    }

    /** The raw body after the media-type and size checks; never empty. */
    static byte[] bytes(Context ctx, long maxBytes) {
        requireJson(ctx.contentType());
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw HttpProblem.tooLarge(maxBytes);
        }
        byte[] body;
        try (InputStream in = ctx.req().getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the request body", e);
        }
        if (body.length > maxBytes) {
            throw HttpProblem.tooLarge(maxBytes);
        }
        if (body.length == 0) {
            throw HttpProblem.badRequest("A JSON body is required");
        }
        return body;
    }

    static void requireJson(String contentType) {
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            throw HttpProblem.unsupportedMediaType("application/json", contentType);
        }
    }

    private static RuntimeException problem(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException syntax) {
                return HttpProblem.badRequest("The body is not valid JSON: " + syntax.getOriginalMessage());
            }
        }
        if (e instanceof JsonMappingException mapping) {
            String path = path(mapping.getPath());
            Throwable cause = mapping.getCause();
            while (cause != null) {
                if (cause instanceof HttpProblem problem) {
                    // A record rejected its own field: name it from the document's root.
                    String field = problem.field() == null ? path : join(path, problem.field());
                    return new HttpProblem(problem.status(), problem.error(), problem.getMessage(), field);
                }
                cause = cause.getCause();
            }
            if (mapping instanceof InvalidFormatException format) {
                return HttpProblem.invalid(path, "'" + format.getValue() + "' is not " + describe(format.getTargetType()));
            }
            if (mapping instanceof MismatchedInputException mismatch && !path.isEmpty()) {
                return HttpProblem.invalid(path, "Expected " + describe(mismatch.getTargetType()));
            }
            if (path.isEmpty()) {
                return HttpProblem.badRequest("The body must be a JSON object");
            }
            return HttpProblem.invalid(path, mapping.getOriginalMessage());
        }
        if (e instanceof JsonProcessingException json) {
            return HttpProblem.badRequest("The body is not valid JSON: " + json.getOriginalMessage());
        }
        return new UncheckedIOException(e);
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String join(String path, String field) {
        if (path.isEmpty()) {
            return field;
        }
        return path.endsWith(field) ? path : path + "." + field;
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (Number.class.isAssignableFrom(type) || type == BigDecimal.class || type == BigInteger.class
                || type == int.class || type == long.class || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class || type.isEnum()) {
            return "a text";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
