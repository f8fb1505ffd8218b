package io.microlith.demo.identity;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Seals a secret (a password) for the trip through the message store from the web application to the
 * identity component, so that no stored command holds it in clear (decision record 0041).
 *
 * <p>AES-256-GCM with a key that lives only in memory (or is given by configuration when web and
 * identity run in separate processes); a sealed value carries its sealing time and is refused after
 * {@code maxAge}, so a command replayed later (after a restart, or from a copied store) cannot be
 * opened and a login cannot be replayed.
 */
public final class SecretBox {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;
    private final Duration maxAge;
    private final Clock clock;

    public SecretBox(SecretKey key, Duration maxAge, Clock clock) {
        this.key = key;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** A box with a fresh random key known only to this process. */
    public static SecretBox ephemeral(Duration maxAge) {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return new SecretBox(generator.generateKey(), maxAge, Clock.systemUTC());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is required of every Java runtime", e);
        }
    }

    /** A box with a shared key given as base64 (32 bytes), for processes that must open each other's seals. */
    public static SecretBox withKey(String base64Key, Duration maxAge) {
        byte[] raw = Base64.getDecoder().decode(base64Key);
        if (raw.length != 32) {
            throw new IllegalArgumentException("A seal key must be 32 bytes (base64), was " + raw.length);
        }
        return new SecretBox(new SecretKeySpec(raw, "AES"), maxAge, Clock.systemUTC());
    }

    /** {@code secret} sealed, as base64 text: 12-byte nonce, then the ciphertext of (time, secret). */
    public String seal(String secret) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        byte[] text = secret.getBytes(StandardCharsets.UTF_8);
        ByteBuffer plain = ByteBuffer.allocate(8 + text.length).putLong(clock.millis()).put(text);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain.array());
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Sealing failed", e);
        }
    }

    /** The secret, or empty when the seal is not this box's, was tampered with, or is older than {@code maxAge}. */
    public Optional<String> open(String sealed) {
        try {
            byte[] raw = Base64.getDecoder().decode(sealed);
            if (raw.length < 12 + 16 + 8) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, raw, 0, 12));
            ByteBuffer plain = ByteBuffer.wrap(cipher.doFinal(raw, 12, raw.length - 12));
            long sealedAt = plain.getLong();
            long age = clock.millis() - sealedAt;
            if (age < 0 || age > maxAge.toMillis()) {
                return Optional.empty();
            }
            byte[] text = new byte[plain.remaining()];
            plain.get(text);
            return Optional.of(new String(text, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
