package io.microlith.privacy;

/**
 * The key store could not answer (unreachable, lost, misconfigured). Personal data is then neither written nor
 * read: the failure is loud and retried like any handler failure, never silent plaintext nor a false "forgotten".
 */
public final class KeyStoreUnavailableException extends RuntimeException {
    public KeyStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public KeyStoreUnavailableException(String message) {
        super(message);
    }
}
