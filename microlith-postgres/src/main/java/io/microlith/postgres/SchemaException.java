package io.microlith.postgres;

import io.microlith.store.MessageStoreException;

/**
 * The database's schema cannot be used by this Microlith: missing (and not to be installed), of another
 * version, or a message-db install too old to adopt. The message says what was found and what to do.
 */
public final class SchemaException extends MessageStoreException {
    public SchemaException(String message) {
        super(message);
    }

    public SchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
