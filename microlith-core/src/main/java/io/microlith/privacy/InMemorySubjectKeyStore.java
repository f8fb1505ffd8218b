package io.microlith.privacy;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Keys in this process's memory: for tests and for the in-memory store (both forget everything on exit). */
public final class InMemorySubjectKeyStore implements SubjectKeyStore {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();

    @Override
    public Optional<byte[]> find(String subject) {
        return Optional.ofNullable(keys.get(subject)).map(byte[]::clone);
    }

    @Override
    public byte[] findOrCreate(String subject) {
        return keys.computeIfAbsent(subject, s -> newKey()).clone();
    }

    @Override
    public boolean forget(String subject) {
        return keys.remove(subject) != null;
    }

    /** A fresh random 256-bit AES key. */
    public static byte[] newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }
}
