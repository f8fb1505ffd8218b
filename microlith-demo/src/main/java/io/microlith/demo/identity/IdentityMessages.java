package io.microlith.demo.identity;

import io.microlith.message.MessageTypes;

/**
 * The identity feature's messages, as the seeds name them (000/001): commands on the command bus,
 * events on the event bus, the current-user request and response on the query bus.
 *
 * <p>Passwords travel only sealed ({@link SecretBox}) in commands and only as bcrypt hashes in events:
 * no message in the store ever holds a password in clear.
 */
public final class IdentityMessages {
    private IdentityMessages() {
    }

    /** Register a user; {@code sealedPassword} is the password sealed by the web application. */
    public record RegisterCommand(String userId, String email, String sealedPassword, String role) {
    }

    /** A user exists; {@code passwordHash} is a bcrypt hash. */
    public record UserRegistered(String userId, String email, String passwordHash, String role) {
    }

    /** A registration was refused; {@code field} names the input at fault; {@code conflict}: the address is taken. */
    public record RegistrationRejected(String userId, String email, String field, String reason, boolean conflict) {
    }

    /** Log in and open the session whose key hashes to {@code sessionKey}. */
    public record LoginCommand(String email, String sealedPassword, String sessionKey) {
    }

    /** A session is open. */
    public record UserLoggedIn(String sessionKey, String userId, String email, String role) {
    }

    /** A login failed; the reason is for logs, never shown apart from "wrong e-mail or password". */
    public record LoginRejected(String sessionKey, String reason) {
    }

    /** Close a session. */
    public record LogoutCommand(String sessionKey) {
    }

    /** A session is closed. */
    public record UserLoggedOut(String sessionKey) {
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

    /** Registers every identity message. */
    public static MessageTypes register(MessageTypes types) {
        return types.register(RegisterCommand.class).register(UserRegistered.class)
                .register(RegistrationRejected.class).register(LoginCommand.class).register(UserLoggedIn.class)
                .register(LoginRejected.class).register(LogoutCommand.class).register(UserLoggedOut.class)
                .register(CurrentUserRequest.class).register(CurrentUserResponse.class);
    }
}
