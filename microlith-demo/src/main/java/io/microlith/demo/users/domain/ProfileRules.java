package io.microlith.demo.users.domain;

import io.microlith.demo.identity.IdentityRules;
import io.microlith.demo.text.PlainText;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/** The user service's rules, as pure functions. */
public final class ProfileRules {
    /** The longest display name, in characters. */
    public static final int MAX_DISPLAY_NAME = 50;

    private ProfileRules() {
    }

    /** Why {@code displayName} cannot be shown, if it cannot: empty, too long, or with hidden characters. */
    public static Optional<String> displayNameProblem(String displayName) {
        return PlainText.problem("displayName", displayName, MAX_DISPLAY_NAME);
    }

    /** Why {@code email} cannot be a profile's address, if it cannot: the identity's rule, and no hidden characters. */
    public static Optional<String> emailProblem(String email) {
        if (email != null && PlainText.hasHiddenCharacters(email)) {
            return Optional.of("email must not contain control or invisible characters");
        }
        return IdentityRules.emailProblem(email);
    }

    /** An address as kept and compared: without surrounding blanks, in lower case. */
    public static String normalizeEmail(String email) {
        return IdentityRules.normalizeEmail(email);
    }

    /** The key of an address's stream: a name-based UUID, so that stream names do not hold addresses. */
    public static String addressKey(String email) {
        return UUID.nameUUIDFromBytes(("address:" + normalizeEmail(email)).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The display name a new profile starts with: the address's local part, without hidden characters, bounded. */
    public static String defaultDisplayName(String email) {
        String local = normalizeEmail(email);
        int at = local.indexOf('@');
        local = at < 0 ? local : local.substring(0, at);
        StringBuilder name = new StringBuilder();
        local.codePoints().filter(c -> !PlainText.hasHiddenCharacters(Character.toString(c)))
                .limit(MAX_DISPLAY_NAME).forEach(name::appendCodePoint);
        return name.toString().isBlank() ? "user" : name.toString().strip();
    }
}
