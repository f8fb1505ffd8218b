package io.microlith.demo.identity;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;

/**
 * bcrypt hashing. The cost is a setting: 12 in production use, 4 (the minimum) in tests, where the
 * hash's strength is not what is being tested.
 */
public final class Passwords {
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

    public boolean matches(String password, String hash) {
        return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified;
    }

    /** Spends the time of a real check, for an unknown e-mail address. */
    public void spendCheckTime(String password) {
        matches(password, decoy);
    }
}
