package io.microlith.demo.identity;

import io.microlith.privacy.DataSubject;
import io.microlith.privacy.PersonalData;

import java.time.Instant;

/**
 * The identity feature's messages, as the seeds name them (000/001): commands on the command bus, events on the
 * event bus, the current-user request and response on the query bus. Each family is a sealed interface, so that a
 * route waits for "the outcome of a login" and {@code switch}es over it exhaustively.
 *
 * <p>Passwords travel only sealed ({@link SecretBox}) in commands and only as bcrypt hashes in events: no message in
 * the store ever holds a password in clear. E-mail addresses and password hashes are {@link PersonalData} of the user
 * they belong to: stored encrypted with that user's key, and read as {@code null} once the user is forgotten
 * ({@link ForgetUser}, decision 0087).
 */
public final class IdentityMessages {
    private IdentityMessages() {
    }

    /** What the users component is asked to do, always about one user ({@code user-<userId>}). */
    public sealed interface UserCommand permits RegisterCommand, ForgetUser {
        String userId();
    }

    /** Register a user; {@code sealedPassword} is the password sealed by the web application. */
    public record RegisterCommand(@DataSubject String userId, @PersonalData String email, String sealedPassword,
                                  String role) implements UserCommand {
    }

    /**
     * Forget a user (decision 0087): the user's key is deleted, so every message's personal data of the user reads
     * {@code null} from then on, and the user can no longer log in.
     *
     * @param requestedBy     the user who asked: the user, or an administrator
     * @param byAdministrator whether an administrator asked for another user
     */
    public record ForgetUser(String userId, String requestedBy, boolean byAdministrator) implements UserCommand {
    }

    /** What a session's commands share: the session they are about. */
    public sealed interface SessionCommand permits LoginCommand, LogoutCommand {
        String sessionKey();
    }

    /**
     * Log in and open the session whose key hashes to {@code sessionKey}, as the user the address names today
     * ({@code userId}: the web application looks it up, so that the command holds no address).
     */
    public record LoginCommand(String userId, String sealedPassword, String sessionKey) implements SessionCommand {
    }

    /** Close a session. */
    public record LogoutCommand(String sessionKey) implements SessionCommand {
    }

    /** The events of a user's stream ({@code user-<userId>}). */
    public sealed interface UserEvent permits UserRegistered, RegistrationRejected, UserForgotten, ForgetRejected {
        String userId();
    }

    /** What a registration ends in. */
    public sealed interface RegistrationOutcome permits UserRegistered, RegistrationRejected {
    }

    /** A user exists; {@code passwordHash} is a bcrypt hash. */
    public record UserRegistered(@DataSubject String userId, @PersonalData String email, @PersonalData String passwordHash,
                                 String role) implements UserEvent, RegistrationOutcome {
    }

    /** A registration was refused; {@code field} names the input at fault; {@code conflict}: the address is taken. */
    public record RegistrationRejected(@DataSubject String userId, @PersonalData String email, String field, String reason,
                                       boolean conflict) implements UserEvent, RegistrationOutcome {
    }

    /** What a {@link ForgetUser} ends in. */
    public sealed interface ForgetOutcome permits UserForgotten, ForgetRejected {
    }

    /**
     * The user is forgotten: its key is deleted (before this is written), its personal data reads {@code null}, its
     * sessions end, and its address may be registered again, by a new user with a new id. The audit of a forget: who
     * asked, and whether as an administrator.
     */
    public record UserForgotten(String userId, String requestedBy, boolean byAdministrator) implements UserEvent, ForgetOutcome {
    }

    /** A forget was refused: there is no such user, or it is forgotten already. */
    public record ForgetRejected(String userId, String reason) implements UserEvent, ForgetOutcome {
    }

    /** The events of a session's stream ({@code session-<sessionKey>}). */
    public sealed interface SessionEvent permits LoginOutcome, UserLoggedOut {
        String sessionKey();
    }

    /** What a login ends in. */
    public sealed interface LoginOutcome extends SessionEvent permits UserLoggedIn, LoginRejected {
    }

    /** A session is open since {@code openedAt} (null in sessions opened before sessions expired: they count as expired). */
    public record UserLoggedIn(String sessionKey, @DataSubject String userId, @PersonalData String email, String role,
                               Instant openedAt) implements LoginOutcome {
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
