package io.microlith.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * message-db's {@code hash_64}: the first 64 bits of the MD5 of the UTF-8 text, read as a signed
 * big-endian long. {@code of("abc") == -8070080442485551184L}. Used for consumer-group partitions.
 */
public final class Hash64 {
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java runtime", e);
        }
    });

    private Hash64() {
    }

    public static long of(String value) {
        byte[] digest = MD5.get().digest(value.getBytes(StandardCharsets.UTF_8));
        long hash = 0;
        for (int i = 0; i < 8; i++) {
            hash = (hash << 8) | (digest[i] & 0xFF);
        }
        return hash;
    }
}
