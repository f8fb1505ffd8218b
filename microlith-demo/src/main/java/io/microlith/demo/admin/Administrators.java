package io.microlith.demo.admin;

import io.javalin.http.Context;
import io.microlith.Microlith;
import io.microlith.demo.admin.AdminMessages.AdministratorConfirmed;
import io.microlith.demo.identity.IdentityMessages.CurrentUserResponse;
import io.microlith.demo.identity.Sessions;
import io.microlith.http.HttpProblem;
import io.microlith.message.StreamName;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.ExpectedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is an administrator: a logged-in user whose address is named with {@code --admins} <em>and</em> who has entered
 * the administrator code this process printed in its log when it started ({@link AdministratorConfirmed} in the store).
 *
 * <p>Why both: the demo sends no e-mail that a user must open to prove an address is theirs, so an address named with
 * {@code --admins} is only a claim — whoever registers it first could be its user. The code proves that the user is
 * the operator who can read the server's log; the confirmation is kept in the store, so it is asked once, and taking
 * the address out of {@code --admins} takes the role away again (decision 0075). Registering as "admin" is not a role
 * anyone may choose (the registration refuses it).
 */
public final class Administrators {
    private static final Logger LOG = LoggerFactory.getLogger(Administrators.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I: read off a terminal
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Microlith microlith;
    private final Sessions sessions;
    private final Set<String> named;
    private final String code;
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();

    /** @param named the normalized addresses of {@code --admins} */
    public Administrators(Microlith microlith, Sessions sessions, Set<String> named) {
        this.microlith = microlith;
        this.sessions = sessions;
        this.named = Set.copyOf(named);
        this.code = newCode();
    }

    /** Tells the operator the code, once, when the web starts; nothing when no address is named. */
    void announce() {
        if (!named.isEmpty()) {
            LOG.warn("Administrators ({}): register or log in as one of them, open /admin and enter the code {} (asked "
                    + "once per account; a new code each start)", String.join(", ", named), code);
        }
    }

    /** This process's code; for tests, which cannot read the log. */
    public String code() {
        return code;
    }

    /** The logged-in administrator of the request: 401 without a session, 403 for anybody else. */
    public CurrentUserResponse require(Context ctx) {
        CurrentUserResponse user = sessions.requireUser(ctx);
        if (!isNamed(user)) {
            throw HttpProblem.forbidden("Only the administrators named with --admins may use the admin portal");
        }
        if (!isConfirmed(user)) {
            throw HttpProblem.forbidden("Enter the administrator code printed in the server's log when it started"
                    + " (POST /admin/api/confirm)");
        }
        return user;
    }

    /**
     * Confirms a named user who gives the right code.
     *
     * @throws io.javalin.http.HttpResponseException 401 without a session, 403 for a user not named, 400 for a wrong code
     */
    public CurrentUserResponse confirm(Context ctx, String given) {
        CurrentUserResponse user = sessions.requireUser(ctx);
        if (!isNamed(user)) {
            throw HttpProblem.forbidden("Only the administrators named with --admins may use the admin portal");
        }
        String normalized = given == null ? "" : given.strip().toUpperCase(Locale.ROOT);
        if (!MessageDigest.isEqual(normalized.getBytes(StandardCharsets.UTF_8), code.getBytes(StandardCharsets.UTF_8))) {
            throw HttpProblem.invalid("code", "That is not the administrator code this server printed when it started");
        }
        if (!isConfirmed(user)) {
            try {
                microlith.store().write(stream(user.userId()), microlith.types().toNewMessage(
                        new AdministratorConfirmed(user.userId(), user.email())), ExpectedVersion.noStream());
            } catch (ExpectedVersionException alreadyWritten) {
                // confirmed by another request, or the stream holds audit events already: confirmed either way
            }
            confirmed.add(user.userId());
        }
        return user;
    }

    /** Whether the logged-in {@code user} is an administrator: named with {@code --admins} and confirmed. */
    public boolean isAdministrator(CurrentUserResponse user) {
        return isNamed(user) && isConfirmed(user);
    }

    private boolean isNamed(CurrentUserResponse user) {
        return user.email() != null && named.contains(user.email().toLowerCase(Locale.ROOT));
    }

    private boolean isConfirmed(CurrentUserResponse user) {
        if (confirmed.contains(user.userId())) {
            return true;
        }
        boolean stored = microlith.store().lastMessage(stream(user.userId()), "AdministratorConfirmed").isPresent();
        if (stored) {
            confirmed.add(user.userId());
        }
        return stored;
    }

    private static StreamName stream(String userId) {
        return StreamName.of(AdminFeature.CATEGORY, userId);
    }

    private static String newCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            code.append(i > 0 && i % 4 == 0 ? "-" : "").append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }
}
