package io.microlith.demo.identity;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.microlith.bus.QueryBus;
import io.microlith.demo.identity.IdentityMessages.CurrentUserRequest;
import io.microlith.demo.identity.IdentityMessages.CurrentUserResponse;
import io.microlith.http.BusRoutes;
import io.microlith.http.ClientConnection;
import io.microlith.http.HttpProblem;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The web side of sessions: the cookie, and who it belongs to, asked of the query bus with the seed's
 * {@code CurrentUserRequest}. The cookie holds a random 256-bit value; the store only ever sees its
 * SHA-256 ({@link IdentityRules#sessionKey}).
 */
public final class Sessions {
    public static final String COOKIE = "microlith_session";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String USER = "microlith.user";

    private final QueryBus queryBus;

    public Sessions(QueryBus queryBus) {
        this.queryBus = queryBus;
    }

    /** A new random session cookie value. */
    public static String newSessionId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Sets the session cookie: HttpOnly (no script reads it), SameSite=Strict (no cross-site sends), Secure when the
     * request came over HTTPS (also through a proxy that says so, when the app trusts proxy headers).
     */
    public static void setCookie(Context ctx, String sessionId) {
        Cookie cookie = new Cookie(COOKIE, sessionId);
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setSecure(ClientConnection.isHttps(ctx));
        ctx.cookie(cookie);
    }

    /** Clears the session cookie. */
    public static void clearCookie(Context ctx) {
        Cookie cookie = new Cookie(COOKIE, "");
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setMaxAge(0);
        cookie.setSecure(ClientConnection.isHttps(ctx));
        ctx.cookie(cookie);
    }

    /** The session key of the request's cookie, if it has one. */
    public static Optional<String> sessionKey(Context ctx) {
        String cookie = ctx.cookie(COOKIE);
        return cookie == null || cookie.isBlank() ? Optional.empty() : Optional.of(IdentityRules.sessionKey(cookie));
    }

    /** The logged-in user of the request, asked once per request of the query bus. */
    public Optional<CurrentUserResponse> currentUser(Context ctx) {
        CurrentUserResponse cached = ctx.attribute(USER);
        if (cached != null) {
            return cached.authenticated() ? Optional.of(cached) : Optional.empty();
        }
        CurrentUserResponse user = sessionKey(ctx)
                .map(key -> BusRoutes.ask(queryBus, new CurrentUserRequest(key), CurrentUserResponse.class))
                .orElse(CurrentUserResponse.anonymous());
        ctx.attribute(USER, user);
        return user.authenticated() ? Optional.of(user) : Optional.empty();
    }

    /** The logged-in user, or a 401. */
    public CurrentUserResponse requireUser(Context ctx) {
        return currentUser(ctx).orElseThrow(() -> HttpProblem.unauthorized("Log in first"));
    }
}
