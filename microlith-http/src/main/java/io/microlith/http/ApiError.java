package io.microlith.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;

/**
 * The JSON body of every error answer: {@code {"status":400,"error":"invalid_input","message":"...","field":"email"}}.
 *
 * @param status  the HTTP status, repeated so that a logged body is self-explaining
 * @param error   a stable machine-readable code, e.g. {@code invalid_input}, {@code conflict}, {@code timeout}
 * @param message a sentence for people; never contains secrets
 * @param field   the request field at fault (a JSON path such as {@code products[0].price}), or absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(int status, String error, String message, String field) {
    /** The key of the error code in an {@link HttpResponseException}'s details. */
    static final String ERROR = "error";
    /** The key of the field at fault in an {@link HttpResponseException}'s details. */
    static final String FIELD = "field";
    /** The key of the seconds to wait before trying again ({@code Retry-After}) in an exception's details. */
    static final String RETRY_AFTER = "retryAfter";
    /** The longest message an error body carries; longer ones are cut (an error body stays small, whatever the input). */
    public static final int MAX_MESSAGE_LENGTH = 300;
    /** The longest field path an error body carries. */
    public static final int MAX_FIELD_LENGTH = 100;

    /** Cuts the message and the field to their maximum lengths, so that no input makes an error body large. */
    public ApiError {
        message = Quote.cut(message, MAX_MESSAGE_LENGTH);
        field = Quote.cut(field, MAX_FIELD_LENGTH);
    }

    /**
     * The body answered for any of Javalin's {@link HttpResponseException}s, ours ({@link HttpProblem}) or
     * Javalin's own ({@code NotFoundResponse}...): the code and field from its details when it has them, else
     * the code of its status ({@link #errorOf}); an empty message is replaced by the status's reason phrase.
     */
    public static ApiError of(HttpResponseException e) {
        int status = e.getStatus();
        String message = e.getMessage() == null || e.getMessage().isBlank()
                ? HttpStatus.forStatus(status).getMessage() : e.getMessage();
        return new ApiError(status, e.getDetails().getOrDefault(ERROR, errorOf(status)), message,
                e.getDetails().get(FIELD));
    }

    /**
     * The error code of a status when nothing more precise is known: {@code bad_request}, {@code unauthorized},
     * {@code forbidden}, {@code not_found}, {@code method_not_allowed}, {@code conflict}, {@code too_large},
     * {@code uri_too_long}, {@code unsupported_media_type}, {@code too_many_requests}, {@code headers_too_large},
     * {@code internal_error}, {@code not_implemented}, {@code unavailable}, {@code timeout},
     * {@code http_version_not_supported}, else {@code http_<status>}.
     */
    public static String errorOf(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 413 -> "too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 429 -> "too_many_requests";
            case 431 -> "headers_too_large";
            case 500 -> "internal_error";
            case 501 -> "not_implemented";
            case 503 -> "unavailable";
            case 504 -> "timeout";
            case 505 -> "http_version_not_supported";
            default -> "http_" + status;
        };
    }
}
