package io.microlith.privacy;

import java.util.Optional;

/**
 * Where the keys of data subjects live, apart from the messages they protect (decision 0086): in memory, a table
 * of a database, or an outside KMS behind this interface. Keys are 256-bit AES keys.
 *
 * <p>An implementation that cannot reach its keys throws {@link KeyStoreUnavailableException}: never answer
 * "no key" for "cannot tell", because readers show "no key" as forgotten data and writers would then refuse to
 * write. Thread-safe.
 */
public interface SubjectKeyStore {

    /** The subject's key, or empty when the subject was forgotten (or never had personal data written). */
    Optional<byte[]> find(String subject);

    /**
     * The subject's key, created now when it has none. A subject that was forgotten gets a new key: data written
     * after forgetting is readable again, data written before stays forgotten.
     */
    byte[] findOrCreate(String subject);

    /** Deletes the subject's key, so its personal data can never be read again. True if there was a key. */
    boolean forget(String subject);
}
