package io.microlith.store;

import java.util.UUID;

/**
 * A write that carried a message id the store already holds (or the same id twice). The write is
 * rejected whole, as message-db does with its unique index on ids: a message is never stored twice.
 * A writer retrying after an unknown outcome can treat this as "already written" once it has checked
 * that the stored message is the one it meant.
 */
public final class DuplicateMessageIdException extends MessageStoreException {
    private final UUID messageId;

    public DuplicateMessageIdException(UUID messageId) {
        super("Message id " + messageId + " is already in the store; nothing of this write was stored");
        this.messageId = messageId;
    }

    public UUID messageId() {
        return messageId;
    }
}
