package io.microlith.http;

import io.javalin.http.Context;

/**
 * Which web pages may open a connection that carries the user's cookies without a chance for the browser to stop
 * it: WebSockets (browsers apply no same-origin policy to them) and event streams. A page of another site could
 * otherwise open one with the user's session cookie and read the user's events (cross-site WebSocket hijacking).
 *
 * <p>A request is allowed when it has no {@code Origin} header (not sent by a browser page: such a client could set
 * any header anyway), or when its origin is one of {@link HttpSettings#allowedOrigins()}, or, when none are
 * configured, when it is the app's own origin: the host and port the request's {@code Host} header names. The
 * origin {@code null} (sandboxed frames, local files) is refused.
 *
 * <p>{@link MicrolithHttp} checks every WebSocket upgrade; {@link io.microlith.http.live.LiveChannel} checks its
 * event streams. Routes of other kinds may call {@link #require}.
 */
public final class Origins {
    private Origins() {
    }

    /** Whether the page the request came from (if any) may use the app's live channels. */
    public static boolean allowed(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            return true;
        }
        String normalized;
        try {
            normalized = HttpSettings.normalizeOrigin(origin);
        } catch (IllegalArgumentException notAnOrigin) {
            return false;
        }
        HttpSettings settings = MicrolithHttp.settings(ctx);
        if (!settings.allowedOrigins().isEmpty()) {
            return settings.allowedOrigins().contains(normalized);
        }
        return normalized.equals(sameOrigin(normalized, ctx.header("Host")));
    }

    /**
     * @throws HttpProblem 403 when {@link #allowed} is false
     */
    public static void require(Context ctx) {
        if (!allowed(ctx)) {
            throw HttpProblem.forbidden("Pages of origin " + Quote.of(ctx.header("Origin")) + " may not connect here");
        }
    }

    /** The origin the {@code Host} header names, with the scheme the page used; {@code null} when it names none. */
    private static String sameOrigin(String origin, String host) {
        if (host == null || host.isBlank()) {
            return null;
        }
        String scheme = origin.substring(0, origin.indexOf("://"));
        try {
            return HttpSettings.normalizeOrigin(scheme + "://" + host.strip());
        } catch (IllegalArgumentException notAHost) {
            return null;
        }
    }
}
