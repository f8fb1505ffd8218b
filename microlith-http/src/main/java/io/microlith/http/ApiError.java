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
     * {@code unsupported_media_type}, {@code internal_error}, {@code timeout}, else {@code http_<status>}.
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
            case 415 -> "unsupported_media_type";
            case 500 -> "internal_error";
            case 504 -> "timeout";
            default -> "http_" + status;
        };
    }
}
