package io.microlith.http;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Limits and policies of the HTTP layer.
 *
 * @param maxRequestBytes   the largest request body accepted; larger ones are answered 413
 * @param answerDeadline    how long a route waits for the outcome of a command or query before it answers 504 (the
 *                          request may still complete later)
 * @param allowedOrigins    the origins ({@code https://shop.example.org}) whose pages may open WebSockets and event
 *                          streams; empty (the default) allows only the app's own origin, the one the request's
 *                          {@code Host} names ({@link Origins})
 * @param trustProxyHeaders whether {@code Forwarded} and {@code X-Forwarded-Proto}/{@code -For} describe the client's
 *                          connection ({@link ClientConnection}); only true when a proxy that sets them (and drops what
 *                          clients send) is the only way in. Default false: anyone can send those headers.
 * @param securityHeaders   headers set on every answer ({@link SecurityHeaders#defaults()})
 */
public record HttpSettings(long maxRequestBytes, Duration answerDeadline, Set<String> allowedOrigins,
                           boolean trustProxyHeaders, SecurityHeaders securityHeaders) {

    /** 64 KiB bodies, 5 s deadline, same-origin live channels, no proxy trusted, {@link SecurityHeaders#defaults()}. */
    public static HttpSettings defaults() {
        return new HttpSettings(64 * 1024, Duration.ofSeconds(5));
    }

    public HttpSettings {
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException("maxRequestBytes must be at least 1, was " + maxRequestBytes);
        }
        Objects.requireNonNull(answerDeadline, "answerDeadline");
        if (answerDeadline.isNegative() || answerDeadline.isZero()) {
            throw new IllegalArgumentException("answerDeadline must be positive, was " + answerDeadline);
        }
        Set<String> origins = new TreeSet<>();
        for (String origin : Objects.requireNonNull(allowedOrigins, "allowedOrigins")) {
            origins.add(normalizeOrigin(origin));
        }
        allowedOrigins = Set.copyOf(origins);
        Objects.requireNonNull(securityHeaders, "securityHeaders");
    }

    /** Settings with the given limits and the default policies. */
    public HttpSettings(long maxRequestBytes, Duration answerDeadline) {
        this(maxRequestBytes, answerDeadline, Set.of(), false, SecurityHeaders.defaults());
    }

    public HttpSettings withMaxRequestBytes(long bytes) {
        return new HttpSettings(bytes, answerDeadline, allowedOrigins, trustProxyHeaders, securityHeaders);
    }

    public HttpSettings withAnswerDeadline(Duration deadline) {
        return new HttpSettings(maxRequestBytes, deadline, allowedOrigins, trustProxyHeaders, securityHeaders);
    }

    /** These settings allowing live channels from pages of {@code origins} (instead of the same origin only). */
    public HttpSettings withAllowedOrigins(String... origins) {
        return new HttpSettings(maxRequestBytes, answerDeadline, Set.of(origins), trustProxyHeaders, securityHeaders);
    }

    /** These settings trusting (or not) a proxy's {@code Forwarded} and {@code X-Forwarded-*} headers. */
    public HttpSettings withTrustProxyHeaders(boolean trust) {
        return new HttpSettings(maxRequestBytes, answerDeadline, allowedOrigins, trust, securityHeaders);
    }

    public HttpSettings withSecurityHeaders(SecurityHeaders headers) {
        return new HttpSettings(maxRequestBytes, answerDeadline, allowedOrigins, trustProxyHeaders, headers);
    }

    /**
     * {@code origin} as browsers send it in an {@code Origin} header: lower-case scheme and host, the port only when
     * it is not the scheme's default, no path.
     *
     * @throws IllegalArgumentException when it is not {@code http(s)://host[:port]}
     */
    static String normalizeOrigin(String origin) {
        URI uri;
        try {
            uri = URI.create(Objects.requireNonNull(origin, "origin").strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not an origin (scheme://host[:port]): " + origin, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !bare) {
            throw new IllegalArgumentException("Not an origin (http(s)://host[:port]): " + origin);
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
