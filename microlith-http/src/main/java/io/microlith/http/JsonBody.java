package io.microlith.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
import java.util.List;
import java.util.Locale;

/**
 * Reads a request's JSON body into a record, answering every way it can be wrong with a specific
 * {@link HttpProblem}: 415 when the Content-Type is not JSON, 413 when the body is larger than the
 * limit (checked on the Content-Length and again while reading, so a chunked body cannot slip
 * past it), 400 when it is empty, not JSON or JSON's {@code null}, and 400 naming the field when a value has the wrong
 * type or a record's constructor rejects it with {@link HttpProblem#invalid}.
 *
 * <p>Strict about JSON: the body must be the kind of JSON value the type reads (an object for a record: not
 * {@code null}, an array or a text); a key given twice in one object, a value of another JSON type than the field's
 * (the text {@code "9.99"} for a number, a number for a text) and input beyond the reader's limits (nesting depth
 * 64, numbers of 100 characters, texts of 1,000,000) are refused with 400. Unknown properties are ignored. Error
 * messages quote at most {@value Quote#MAX_QUOTED} characters of the input.
 */
public final class JsonBody {
    private JsonBody() {
    }

    /** The body as {@code type}, with the app's size limit ({@link HttpSettings#maxRequestBytes()}). */
    public static <T> T read(Context ctx, Class<T> type) {
        return read(ctx, type, MicrolithHttp.settings(ctx).maxRequestBytes());
    }

    /**
     * The body as {@code type}, refusing bodies larger than {@code maxBytes}. Never {@code null}: a body that is
     * JSON of another kind than {@code type} reads as ({@code null}, an array or a text where an object is expected)
     * is answered 400.
     */
    public static <T> T read(Context ctx, Class<T> type, long maxBytes) {
        byte[] body = bytes(ctx, maxBytes);
        try (JsonParser parser = HttpJson.MAPPER.createParser(body)) {
            JsonShape.require(parser.nextToken(), type);
            return HttpJson.MAPPER.readValue(parser, type);
        } catch (IOException e) {
            throw problem(e);
        }
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
            if (t instanceof StreamConstraintsException limit) {
                return HttpProblem.badRequest(JsonShape.limitExceeded(limit));
            }
            if (t instanceof InputCoercionException coercion) {
                return HttpProblem.badRequest("A number is out of the range of " + JsonShape.describe(coercion.getTargetType()));
            }
            if (t instanceof StreamReadException syntax) {
                return HttpProblem.badRequest("The body is not valid JSON: " + syntax.getOriginalMessage());
            }
        }
        if (e instanceof JsonMappingException mapping) {
            return mappingProblem(mapping);
        }
        if (e instanceof JsonProcessingException) {
            return HttpProblem.badRequest("The body is not valid JSON");
        }
        return new UncheckedIOException(e);
    }

    /** A value the body holds does not fit the record: name the field; never quote Jackson (it names classes). */
    private static RuntimeException mappingProblem(JsonMappingException mapping) {
        String path = path(mapping.getPath());
        for (Throwable cause = mapping.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpProblem problem) {
                // A record rejected its own field: name it from the document's root.
                String field = problem.field() == null ? path : join(path, problem.field());
                return new HttpProblem(problem.status(), problem.error(), problem.getMessage(), field);
            }
        }
        if (path.isEmpty()) {
            return HttpProblem.badRequest("The body must be " + JsonShape.describe(mapping instanceof MismatchedInputException
                    mismatch ? mismatch.getTargetType() : null));
        }
        if (mapping instanceof InvalidFormatException format) {
            String expected = JsonShape.describe(format.getTargetType());
            if (format.getValue() instanceof Number) {
                // Jackson holds the number as it parsed it (1e-2147483647 became 0.0): not what the client sent.
                return HttpProblem.invalid(path, "Expected " + expected + ", was a number");
            }
            return HttpProblem.invalid(path, Quote.of(format.getValue()) + " is not " + expected);
        }
        if (mapping instanceof MismatchedInputException mismatch) {
            return HttpProblem.invalid(path, "Expected " + JsonShape.describe(mismatch.getTargetType()));
        }
        return HttpProblem.invalid(path, path + " is not valid");
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
}
