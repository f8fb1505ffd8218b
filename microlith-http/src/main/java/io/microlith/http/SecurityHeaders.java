package io.microlith.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Response headers that tell browsers to be careful with what the app serves, set on every answer (pages, JSON,
 * errors, including those Jetty raises before the app sees the request).
 *
 * <p>{@link #defaults()} suits a plain HTML and JavaScript app served from its own origin without inline scripts or
 * styles:
 * <pre>
 * Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;
 *                          connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';
 *                          frame-ancestors 'none'
 * X-Content-Type-Options: nosniff
 * X-Frame-Options: DENY
 * Referrer-Policy: same-origin
 * Cross-Origin-Opener-Policy: same-origin
 * </pre>
 * {@code connect-src 'self'} also allows WebSocket connections to the same host and port (CSP level 3).
 * Change one with {@link #with}, drop one with {@link #without}.
 *
 * @param headers                 names and values set on every answer, in order
 * @param strictTransportSecurity the {@code Strict-Transport-Security} value set on answers to requests that came
 *                                over HTTPS ({@link ClientConnection#isHttps}), or {@code null} for none (the
 *                                default: once a browser saw it, it refuses plain HTTP to the host for its max-age,
 *                                so turn it on knowingly)
 */
public record SecurityHeaders(Map<String, String> headers, String strictTransportSecurity) {
    /** The default Content-Security-Policy: same origin only, no inline script or style, no framing. */
    public static final String DEFAULT_CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    public SecurityHeaders {
        Objects.requireNonNull(headers, "headers");
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((name, value) -> copy.put(requireToken(name), requireValue(name, value)));
        headers = Collections.unmodifiableMap(copy);
        if (strictTransportSecurity != null) {
            requireValue("Strict-Transport-Security", strictTransportSecurity);
        }
    }

    /** The headers above; no {@code Strict-Transport-Security}. */
    public static SecurityHeaders defaults() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", DEFAULT_CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "same-origin");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        return new SecurityHeaders(headers, null);
    }

    /** No security headers at all (an API behind a gateway that sets its own). */
    public static SecurityHeaders none() {
        return new SecurityHeaders(Map.of(), null);
    }

    /** These headers with {@code name} set to {@code value} (replacing a default of that name). */
    public SecurityHeaders with(String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(headers);
        changed.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        changed.put(name, value);
        return new SecurityHeaders(changed, strictTransportSecurity);
    }

    /** These headers without {@code name}. */
    public SecurityHeaders without(String name) {
        Map<String, String> changed = new LinkedHashMap<>(headers);
        changed.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        return new SecurityHeaders(changed, strictTransportSecurity);
    }

    /** These headers with a Content-Security-Policy of {@code policy}. */
    public SecurityHeaders withContentSecurityPolicy(String policy) {
        return with("Content-Security-Policy", policy);
    }

    /** These headers with {@code Strict-Transport-Security: value} on HTTPS answers, e.g. {@code max-age=31536000}. */
    public SecurityHeaders withStrictTransportSecurity(String value) {
        return new SecurityHeaders(headers, value);
    }

    private static String requireToken(String name) {
        if (name == null || name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
            throw new IllegalArgumentException("Not a header name: " + name);
        }
        return name;
    }

    private static String requireValue(String name, String value) {
        if (value == null || value.chars().anyMatch(c -> c < 32 || c == 127)) {
            throw new IllegalArgumentException("The value of " + name + " must be one line of text, was " + value);
        }
        return value;
    }
}
