package io.microlith.http;

import io.javalin.http.HttpResponseException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A failure that is answered as an HTTP status with an {@link ApiError} JSON body. Throw it from any
 * handler; {@link MicrolithHttp} answers it. Unchecked, created by the static factories.
 *
 * <p>It is one of Javalin's own {@link HttpResponseException}s, as {@code NotFoundResponse} or
 * {@code BadRequestResponse} are: a route may throw either, and both are answered by the same handler in
 * the same JSON shape. What Javalin's lack, a stable error code and the field at fault, travel in the
 * exception's {@link #getDetails() details} under {@code error} and {@code field}.
 */
public class HttpProblem extends HttpResponseException {

    /**
     * A problem with {@code status}, the machine-readable {@code error} code ({@code null} reads as the
     * status's, {@link ApiError#errorOf}), a {@code message} for people ({@code null} reads as empty) and the
     * {@code field} at fault ({@code null} when none).
     */
    public HttpProblem(int status, String error, String message, String field) {
        this(status, error, message, field, null);
    }

    /**
     * A problem as above that also tells the client when to try again: {@code retryAfter} is answered as a
     * {@code Retry-After} header in whole seconds, rounded up, at least 1 ({@code null}: no header).
     */
    public HttpProblem(int status, String error, String message, String field, Duration retryAfter) {
        super(status, message == null ? "" : message, details(status, error, field, retryAfter));
    }

    private static Map<String, String> details(int status, String error, String field, Duration retryAfter) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(ApiError.ERROR, error == null ? ApiError.errorOf(status) : error);
        if (field != null) {
            details.put(ApiError.FIELD, field);
        }
        if (retryAfter != null) {
            details.put(ApiError.RETRY_AFTER, Long.toString(seconds(retryAfter)));
        }
        return Map.copyOf(details);
    }

    /** Whole seconds, rounded up, at least 1: what a {@code Retry-After} header can say. */
    static long seconds(Duration duration) {
        long seconds = duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    private static HttpProblem of(int status, String message) {
        return new HttpProblem(status, ApiError.errorOf(status), message, null);
    }

    /** 400: the request as a whole is malformed (not JSON, empty body). */
    public static HttpProblem badRequest(String message) {
        return of(400, message);
    }

    /** 400: one field is missing or wrong; {@code field} is its JSON path, e.g. {@code products[0].price}. */
    public static HttpProblem invalid(String field, String message) {
        return new HttpProblem(400, "invalid_input", message, field);
    }

    /** 401: no valid session, or credentials that do not match. */
    public static HttpProblem unauthorized(String message) {
        return of(401, message);
    }

    /** 403: authenticated, but the role does not allow this. */
    public static HttpProblem forbidden(String message) {
        return of(403, message);
    }

    /** 404: nothing there (also used for resources that exist but belong to someone else). */
    public static HttpProblem notFound(String message) {
        return of(404, message);
    }

    /** 409: the request conflicts with what exists, e.g. an e-mail address already registered. */
    public static HttpProblem conflict(String field, String message) {
        return new HttpProblem(409, ApiError.errorOf(409), message, field);
    }

    /** 413: the body is larger than the configured limit. */
    public static HttpProblem tooLarge(long limitBytes) {
        return of(413, "The request body is larger than the limit of " + limitBytes + " bytes");
    }

    /** 415: the body is not of the media type the route reads. */
    public static HttpProblem unsupportedMediaType(String expected, String actual) {
        return of(415, "Expected a body of type " + expected + " but got "
                + (actual == null || actual.isBlank() ? "no Content-Type" : "'" + actual + "'"));
    }

    /**
     * 429: the client (or the key it is counted under) made more requests than its budget allows; it may try again
     * after {@code retryAfter} ({@code Retry-After} header).
     */
    public static HttpProblem tooManyRequests(String message, Duration retryAfter) {
        return new HttpProblem(429, ApiError.errorOf(429), message, null, retryAfter);
    }

    /**
     * 503: the server cannot take this request now (it has fallen behind); nothing was stored. The client may try
     * again after {@code retryAfter} ({@code Retry-After} header).
     */
    public static HttpProblem unavailable(String message, Duration retryAfter) {
        return new HttpProblem(503, ApiError.errorOf(503), message, null, retryAfter);
    }

    /** 504: the outcome of the request did not arrive in time; the request may still complete later. */
    public static HttpProblem timeout(String what, Duration waited) {
        return of(504, "No outcome for " + what + " within " + waited.toMillis() + " ms; it may still complete later");
    }

    /** The HTTP status; the same as {@link #getStatus()}. */
    public int status() {
        return getStatus();
    }

    /** The machine-readable error code, e.g. {@code invalid_input}. */
    public String error() {
        return getDetails().get(ApiError.ERROR);
    }

    /** The field at fault, or {@code null}. */
    public String field() {
        return getDetails().get(ApiError.FIELD);
    }

    /** How long the client should wait before trying again, in whole seconds ({@code Retry-After}), if it was told. */
    public Optional<Long> retryAfterSeconds() {
        return retryAfterSeconds(this);
    }

    /** The {@code Retry-After} seconds in the details of any of Javalin's responses, if any. */
    static Optional<Long> retryAfterSeconds(HttpResponseException e) {
        String seconds = e.getDetails().get(ApiError.RETRY_AFTER);
        return Optional.ofNullable(seconds).map(Long::parseLong);
    }

    /** The JSON body answered for this problem. */
    public ApiError body() {
        return ApiError.of(this);
    }
}
