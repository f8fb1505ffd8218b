package io.microlith.store.copy;

import io.microlith.store.MessageStoreException;

/**
 * A copy that cannot be made, with nothing written: the target takes no import, or it is not empty and not a copy of
 * the start of the source. The message says what the target holds and what the source holds instead.
 */
public final class StoreCopyException extends MessageStoreException {
    public StoreCopyException(String message) {
        super(message);
    }
}
