package io.microlith.demo.identity;

import java.time.Instant;

/**
 * The identity feature's messages, as the seeds name them (000/001): commands on the command bus, events on the
 * event bus, the current-user request and response on the query bus. Each family is a sealed interface, so that a
 * route waits for "the outcome of a login" and {@code switch}es over it exhaustively.
 *
 * <p>Passwords travel only sealed ({@link SecretBox}) in commands and only as bcrypt hashes in events: no message in
 * the store ever holds a password in clear.
 */
public final class IdentityMessages {
    private IdentityMessages() {
    }

    /** Register a user; {@code sealedPassword} is the password sealed by the web application. */
    public record RegisterCommand(String userId, String email, String sealedPassword, String role) {
    }

    /** What a session's commands share: the session they are about. */
    public sealed interface SessionCommand permits LoginCommand, LogoutCommand {
        String sessionKey();
    }

    /** Log in and open the session whose key hashes to {@code sessionKey}. */
    public record LoginCommand(String email, String sealedPassword, String sessionKey) implements SessionCommand {
    }

    /** Close a session. */
    public record LogoutCommand(String sessionKey) implements SessionCommand {
    }

    /** The events of a user's stream ({@code user-<userId>}), which are also the outcomes of a registration. */
    public sealed interface UserEvent permits UserRegistered, RegistrationRejected {
        String userId();
    }

    /** A user exists; {@code passwordHash} is a bcrypt hash. */
    public record UserRegistered(String userId, String email, String passwordHash, String role) implements UserEvent {
    }

    /** A registration was refused; {@code field} names the input at fault; {@code conflict}: the address is taken. */
    public record RegistrationRejected(String userId, String email, String field, String reason, boolean conflict)
            implements UserEvent {
    }

    /** The events of a session's stream ({@code session-<sessionKey>}). */
    public sealed interface SessionEvent permits LoginOutcome, UserLoggedOut {
        String sessionKey();
    }

    /** What a login ends in. */
    public sealed interface LoginOutcome extends SessionEvent permits UserLoggedIn, LoginRejected {
    }

    /** A session is open since {@code openedAt} (null in sessions opened before sessions expired: they count as expired). */
    public record UserLoggedIn(String sessionKey, String userId, String email, String role, Instant openedAt)
            implements LoginOutcome {
    }

    /** A login failed; the reason is for logs, never shown apart from "wrong e-mail or password". */
    public record LoginRejected(String sessionKey, String reason) implements LoginOutcome {
    }

    /** A session is closed. */
    public record UserLoggedOut(String sessionKey) implements SessionEvent {
    }

    /** Who is logged in with this session? (query bus, never stored) */
    public record CurrentUserRequest(String sessionKey) {
    }

    /** The answer: {@code authenticated} false (and the rest null) when the session is unknown or closed. */
    public record CurrentUserResponse(boolean authenticated, String userId, String email, String role) {
        public static CurrentUserResponse anonymous() {
            return new CurrentUserResponse(false, null, null, null);
        }
    }
}
