package io.microlith.http;

import com.fasterxml.jackson.annotation.JsonInclude;

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
}
