package io.microlith.demo.identity;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;

/**
 * bcrypt hashing. The cost is a setting: 12 in production use, 4 (the minimum) in tests, where the
 * hash's strength is not what is being tested.
 */
public final class Passwords {
    /** The most bytes of a password bcrypt reads. */
    public static final int MAX_BYTES = 72;

    /** A hash of a random password, checked against when the e-mail is unknown so both answers take as long. */
    private final String decoy;
    private final int cost;

    public Passwords(int cost) {
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("bcrypt cost must be between 4 and 31, was " + cost);
        }
        this.cost = cost;
        this.decoy = hash("decoy-" + System.nanoTime());
    }

    public String hash(String password) {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    /**
     * Whether {@code password} is the one {@code hash} was made of. A {@code null} hash (an unknown address) spends
     * the time of a real check and answers false, so that both answers take as long. A password over bcrypt's 72
     * bytes never matches (none was accepted at registration) and never reaches bcrypt, which would refuse it.
     */
    public boolean matches(String password, String hash) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        boolean tooLong = bytes.length > MAX_BYTES;
        byte[] checked = tooLong ? new byte[MAX_BYTES] : bytes;
        boolean verified = BCrypt.verifyer().verify(checked, (hash == null ? decoy : hash).getBytes(StandardCharsets.UTF_8)).verified;
        return verified && hash != null && !tooLong;
    }
}
