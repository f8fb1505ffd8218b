package io.microlith.http;

import io.javalin.http.Context;

import java.util.Locale;

/**
 * What the client's own connection was, also behind a proxy that terminates it: whether it used HTTPS (so that
 * cookies can be {@code Secure}) and its address (to limit attempts per client).
 *
 * <p>A proxy says so in {@code Forwarded: for=...;proto=https} (RFC 7239) or {@code X-Forwarded-Proto} and
 * {@code X-Forwarded-For}. Those headers are believed only when {@link HttpSettings#trustProxyHeaders()} is set,
 * because any client can send them: set it only when the app is reachable through that proxy alone. Then the last
 * entry of each header counts, the one the proxy next to the app wrote (entries before it came from the client or
 * from proxies further out; see decision record 0055). Without trust, the connection's own scheme and remote address
 * are the answer.
 */
public final class ClientConnection {
    /** The longest address returned; a longer forwarded value is cut. */
    static final int MAX_ADDRESS_LENGTH = 64;

    private ClientConnection() {
    }

    /** Whether the client reached the app over HTTPS: directly, or through a trusted proxy that says so. */
    public static boolean isHttps(Context ctx) {
        return ctx.req().isSecure() || "https".equals(forwardedProto(ctx));
    }

    /** {@code https} or {@code http}, as {@link #isHttps}. */
    public static String scheme(Context ctx) {
        return isHttps(ctx) ? "https" : "http";
    }

    /**
     * The client's address: the one a trusted proxy forwarded (an IP address, without port or brackets), else the
     * connection's remote address. At most {@value #MAX_ADDRESS_LENGTH} characters.
     */
    public static String address(Context ctx) {
        String remote = ctx.req().getRemoteAddr();
        if (!MicrolithHttp.settings(ctx).trustProxyHeaders()) {
            return remote;
        }
        String forwarded = lastElementParameter(ctx.header("Forwarded"), "for");
        if (forwarded == null) {
            forwarded = lastListItem(ctx.header("X-Forwarded-For"));
        }
        if (forwarded == null || forwarded.equalsIgnoreCase("unknown") || forwarded.startsWith("_")) {
            return remote; // an obfuscated identifier names no address
        }
        return Quote.cut(hostOf(forwarded), MAX_ADDRESS_LENGTH);
    }

    private static String forwardedProto(Context ctx) {
        if (!MicrolithHttp.settings(ctx).trustProxyHeaders()) {
            return null;
        }
        String proto = lastElementParameter(ctx.header("Forwarded"), "proto");
        if (proto == null) {
            proto = lastListItem(ctx.header("X-Forwarded-Proto"));
        }
        return proto == null ? null : proto.toLowerCase(Locale.ROOT);
    }

    /** A parameter of the last element of an RFC 7239 {@code Forwarded} header, unquoted; {@code null} when absent. */
    static String lastElementParameter(String header, String name) {
        String element = lastListItem(header);
        if (element == null) {
            return null;
        }
        for (String pair : element.split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).strip().equalsIgnoreCase(name)) {
                String value = pair.substring(equals + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    /** The last non-blank item of a comma-separated header, or {@code null}. */
    static String lastListItem(String header) {
        if (header == null) {
            return null;
        }
        String[] items = header.split(",");
        for (int i = items.length - 1; i >= 0; i--) {
            if (!items[i].isBlank()) {
                return items[i].strip();
            }
        }
        return null;
    }

    /** {@code 192.0.2.1:4711} and {@code [2001:db8::1]:4711} without port and brackets; a bare IPv6 address as is. */
    static String hostOf(String node) {
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            return close > 0 ? node.substring(1, close) : node;
        }
        int colon = node.indexOf(':');
        return colon > 0 && colon == node.lastIndexOf(':') ? node.substring(0, colon) : node;
    }
}
