package io.microlith.http;

import java.time.Duration;

/**
 * A failure that is answered as an HTTP status with an {@link ApiError} JSON body. Throw it from any
 * handler; {@link MicrolithHttp} turns it into the answer. Unchecked, created by the static factories.
 */
public class HttpProblem extends RuntimeException {
    private final int status;
    private final String error;
    private final String field;

    public HttpProblem(int status, String error, String message, String field) {
        super(message);
        this.status = status;
        this.error = error;
        this.field = field;
    }

    /** 400: the request as a whole is malformed (not JSON, empty body). */
    public static HttpProblem badRequest(String message) {
        return new HttpProblem(400, "bad_request", message, null);
    }

    /** 400: one field is missing or wrong; {@code field} is its JSON path, e.g. {@code products[0].price}. */
    public static HttpProblem invalid(String field, String message) {
        return new HttpProblem(400, "invalid_input", message, field);
    }

    /** 401: no valid session, or credentials that do not match. */
    public static HttpProblem unauthorized(String message) {
        return new HttpProblem(401, "unauthorized", message, null);
    }

    /** 403: authenticated, but the role does not allow this. */
    public static HttpProblem forbidden(String message) {
        return new HttpProblem(403, "forbidden", message, null);
    }

    /** 404: nothing there (also used for resources that exist but belong to someone else). */
    public static HttpProblem notFound(String message) {
        return new HttpProblem(404, "not_found", message, null);
    }

    /** 409: the request conflicts with what exists, e.g. an e-mail address already registered. */
    public static HttpProblem conflict(String field, String message) {
        return new HttpProblem(409, "conflict", message, field);
    }

    /** 413: the body is larger than the configured limit. */
    public static HttpProblem tooLarge(long limitBytes) {
        return new HttpProblem(413, "too_large", "The request body is larger than the limit of " + limitBytes + " bytes", null);
    }

    /** 415: the body is not of the media type the route reads. */
    public static HttpProblem unsupportedMediaType(String expected, String actual) {
        return new HttpProblem(415, "unsupported_media_type", "Expected a body of type " + expected + " but got "
                + (actual == null || actual.isBlank() ? "no Content-Type" : "'" + actual + "'"), null);
    }

    /** 504: the outcome of the request did not arrive in time; the request may still complete later. */
    public static HttpProblem timeout(String what, Duration waited) {
        return new HttpProblem(504, "timeout", "No outcome for " + what + " within " + waited.toMillis()
                + " ms; it may still complete later", null);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** The field at fault, or {@code null}. */
    public String field() {
        return field;
    }

    /** The JSON body answered for this problem. */
    public ApiError body() {
        return new ApiError(status, error, getMessage(), field);
    }
}
