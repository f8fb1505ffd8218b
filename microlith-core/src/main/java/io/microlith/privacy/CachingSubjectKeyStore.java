package io.microlith.privacy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps up to {@code size} keys of another key store for at most {@code timeToLive} (decision 0086). Only keys
 * are cached, never their absence, so a forgotten subject reads as forgotten at once in this process; another
 * process that forgets a subject is seen here within {@code timeToLive}.
 */
public final class CachingSubjectKeyStore implements SubjectKeyStore {
    private record Cached(byte[] key, long expiresAt) {
    }

    private final SubjectKeyStore keys;
    private final long ttlNanos;
    private final Map<String, Cached> cache;

    public CachingSubjectKeyStore(SubjectKeyStore keys, int size, Duration timeToLive) {
        this.keys = Objects.requireNonNull(keys, "keys");
        if (size < 1 || timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("A key cache needs a size of at least 1 and a positive time to live, got "
                    + size + " and " + timeToLive);
        }
        this.ttlNanos = timeToLive.toNanos();
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > size;
            }
        };
    }

    @Override
    public Optional<byte[]> find(String subject) {
        byte[] cached = cached(subject);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<byte[]> key = keys.find(subject);
        key.ifPresent(k -> remember(subject, k));
        return key.map(byte[]::clone);
    }

    @Override
    public byte[] findOrCreate(String subject) {
        byte[] cached = cached(subject);
        if (cached != null) {
            return cached;
        }
        byte[] key = keys.findOrCreate(subject);
        remember(subject, key);
        return key.clone();
    }

    @Override
    public boolean forget(String subject) {
        synchronized (cache) {
            cache.remove(subject);
        }
        return keys.forget(subject);
    }

    private byte[] cached(String subject) {
        synchronized (cache) {
            Cached entry = cache.get(subject);
            if (entry == null) {
                return null;
            }
            if (System.nanoTime() - entry.expiresAt() > 0) {
                cache.remove(subject);
                return null;
            }
            return entry.key().clone();
        }
    }

    private void remember(String subject, byte[] key) {
        synchronized (cache) {
            cache.put(subject, new Cached(key.clone(), System.nanoTime() + ttlNanos));
        }
    }
}
