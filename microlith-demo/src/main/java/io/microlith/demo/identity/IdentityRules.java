package io.microlith.demo.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** The identity feature's rules, as pure functions. */
public final class IdentityRules {
    /** Who may register: customers place orders, sellers also add products. */
    public static final Set<String> ROLES = Set.of("customer", "seller");

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+$");

    private IdentityRules() {
    }

    /** E-mail addresses compare case-insensitively and without surrounding blanks. */
    public static String normalizeEmail(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The user id of an e-mail address: a name-based UUID, so that the user stream of an address is
     * known before it exists and "already registered" is an expected-version check on one stream.
     */
    public static String userIdOf(String email) {
        return userIdOf(email, 0);
    }

    /**
     * The user id of the {@code generation}th registration of an address: 0 for the first (the id of
     * {@link #userIdOf(String)}), one more for each user of the address forgotten before (decision 0087), so that a new
     * user of a forgotten address is a new user, with a stream, a key and orders of its own.
     */
    public static String userIdOf(String email, int generation) {
        if (generation < 0) {
            throw new IllegalArgumentException("A generation is 0 or more, was " + generation);
        }
        String name = "user:" + normalizeEmail(email) + (generation == 0 ? "" : "#" + generation);
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The key of a session in the store: the SHA-256 of the cookie's value, so that reading the store
     * does not hand out live sessions.
     */
    public static String sessionKey(String sessionCookie) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionCookie.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /** Why the address cannot be used, if it cannot. */
    public static Optional<String> emailProblem(String email) {
        String normalized = normalizeEmail(email);
        if (normalized.isEmpty()) {
            return Optional.of("email is required");
        }
        if (normalized.length() > 254 || !EMAIL.matcher(normalized).matches()) {
            return Optional.of("email must look like name@example.org");
        }
        if (hasInvisibleCharacters(normalized)) {
            return Optional.of("email must not contain control or invisible characters");
        }
        return Optional.empty();
    }

    /**
     * Whether {@code text} holds a character a reader cannot see or that changes how text around it reads: controls
     * (NUL, ESC, ...), format characters (zero-width spaces and joiners, bidirectional overrides), line and paragraph
     * separators, private-use, unpaired surrogate or unassigned code points.
     */
    public static boolean hasInvisibleCharacters(String text) {
        return text.codePoints().anyMatch(c -> switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED -> true;
            default -> false;
        });
    }

    /** Why the password is too weak, if it is: at least 8 characters with a letter and a non-letter, at most 72 bytes (bcrypt's limit). */
    public static Optional<String> passwordProblem(String password) {
        if (password == null || password.length() < 8) {
            return Optional.of("password must have at least 8 characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > 72) {
            return Optional.of("password must be at most 72 bytes");
        }
        boolean letter = password.chars().anyMatch(Character::isLetter);
        boolean other = password.chars().anyMatch(c -> !Character.isLetter(c));
        if (!letter || !other) {
            return Optional.of("password must mix letters with digits or symbols");
        }
        return Optional.empty();
    }

    /** Why the role cannot be chosen, if it cannot. */
    public static Optional<String> roleProblem(String role) {
        return ROLES.contains(role) ? Optional.empty() : Optional.of("role must be one of " + String.join(", ", ROLES.stream().sorted().toList()));
    }
}
