package io.microlith.store;

import io.microlith.message.NewMessage;

import java.util.List;
import java.util.UUID;

/**
 * The rule that one write carries no message id twice, checked before the store sees the write. Whether an
 * id is already stored is each store's own check (it needs the store's state).
 */
final class MessageIdsInWrite {
    private MessageIdsInWrite() {
    }

    /** @throws DuplicateMessageIdException naming the first id that repeats an earlier one */
    static void requireDistinct(List<StreamWrite> writes) {
        int count = 0;
        for (StreamWrite write : writes) {
            count += write.messages().size();
        }
        if (count < 2) {
            return;
        }
        // An open-addressing table at most half full: one small array per write instead of a hash-set node
        // per message (this runs on every write; a batch of 100 costs a table of 256 references).
        UUID[] table = new UUID[Integer.highestOneBit(count) << 2];
        int mask = table.length - 1;
        for (StreamWrite write : writes) {
            for (NewMessage message : write.messages()) {
                UUID id = message.id();
                int hash = id.hashCode();
                int slot = (hash ^ (hash >>> 16)) & mask;
                while (table[slot] != null) {
                    if (table[slot].equals(id)) {
                        throw new DuplicateMessageIdException(id);
                    }
                    slot = (slot + 1) & mask;
                }
                table[slot] = id;
            }
        }
    }
}
