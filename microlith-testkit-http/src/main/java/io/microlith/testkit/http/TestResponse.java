package io.microlith.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpHeaders;

/**
 * An answer received by {@link HttpTestClient}.
 *
 * @param status  the HTTP status
 * @param headers the response headers
 * @param body    the body as text, empty when there is none
 */
public record TestResponse(int status, HttpHeaders headers, String body) {

    /** The first value of a header, or {@code null}. */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** The body parsed as JSON. */
    public JsonNode json() {
        return HttpTestClient.parse(body);
    }

    @Override
    public String toString() {
        return status + " " + body;
    }
}
