package io.microlith.store;

/** Base of the store's own failures. Unchecked: callers decide where to handle them. */
public class MessageStoreException extends RuntimeException {
    public MessageStoreException(String message) {
        super(message);
    }

    public MessageStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
