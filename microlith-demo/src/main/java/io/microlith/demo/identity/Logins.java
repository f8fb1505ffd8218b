package io.microlith.demo.identity;

import io.microlith.demo.identity.IdentityMessages.LoginCommand;
import io.microlith.demo.identity.IdentityMessages.LoginRejected;
import io.microlith.demo.identity.IdentityMessages.LogoutCommand;
import io.microlith.demo.identity.IdentityMessages.SessionCommand;
import io.microlith.demo.identity.IdentityMessages.SessionEvent;
import io.microlith.demo.identity.IdentityMessages.UserLoggedIn;
import io.microlith.demo.identity.IdentityMessages.UserLoggedOut;
import io.microlith.demo.identity.Users.User;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The session entity ({@code session-<sessionKey>}, a key new for each login) and its commands, login and logout,
 * as a decider. What a login needs of the outside — the password in the sealed command, the user of a user id,
 * the bcrypt check — is given as functions.
 */
public final class Logins {
    /** The life of a session: new, then open or rejected; an open one ends closed. */
    public enum Status { NEW, OPEN, REJECTED, CLOSED }

    /** A session as folded from its stream; {@code openedAt} when it was opened (null: unknown). */
    public record Session(Status status, String userId, String email, String role, Instant openedAt) {
        public static final Session NEW = new Session(Status.NEW, null, null, null, null);

        public boolean open() {
            return status == Status.OPEN;
        }
    }

    /** Checks a password against a stored hash; {@code hash} null: spend the time of a check on a decoy. */
    @FunctionalInterface
    public interface PasswordCheck {
        boolean matches(String password, String hash);
    }

    private final Function<String, Optional<String>> unseal;
    private final Function<String, User> users;
    private final PasswordCheck passwords;
    private final Clock clock;

    /**
     * @param unseal    the password in a sealed command, empty when the seal expired or is not ours
     * @param users     the user of a user id ({@link User#NONE} when there is none)
     * @param passwords the password check
     * @param clock     when a session opens
     */
    public Logins(Function<String, Optional<String>> unseal, Function<String, User> users, PasswordCheck passwords,
                  Clock clock) {
        this.unseal = unseal;
        this.users = users;
        this.passwords = passwords;
        this.clock = clock;
    }

    /**
     * A login opens the session when the address is registered and the password matches, and is rejected otherwise
     * (an unknown address costs the same time as a wrong password); a logout closes an open session. A session key is
     * used once: a login for a session that exists decides nothing.
     */
    public List<SessionEvent> decide(SessionCommand command, Session session) {
        return switch (command) {
            case LoginCommand login -> session.status() != Status.NEW ? List.of() : List.of(login(login));
            case LogoutCommand logout -> session.open() ? List.of(new UserLoggedOut(logout.sessionKey())) : List.of();
        };
    }

    private SessionEvent login(LoginCommand login) {
        Optional<String> password = unseal.apply(login.sealedPassword());
        if (password.isEmpty()) {
            return new LoginRejected(login.sessionKey(), "the login expired before it was handled");
        }
        User user = users.apply(login.userId());
        if (!user.active()) { // never registered, or forgotten
            passwords.matches(password.get(), null);
            return new LoginRejected(login.sessionKey(), "unknown e-mail address");
        }
        if (!passwords.matches(password.get(), user.passwordHash())) {
            return new LoginRejected(login.sessionKey(), "wrong password");
        }
        return new UserLoggedIn(login.sessionKey(), user.userId(), user.email(), user.role(), clock.instant());
    }

    public static Session evolve(Session session, SessionEvent event) {
        return switch (event) {
            case UserLoggedIn in -> new Session(Status.OPEN, in.userId(), in.email(), in.role(), in.openedAt());
            case LoginRejected rejected -> new Session(Status.REJECTED, null, null, null, null);
            case UserLoggedOut out -> new Session(Status.CLOSED, null, null, null, session.openedAt());
        };
    }
}
