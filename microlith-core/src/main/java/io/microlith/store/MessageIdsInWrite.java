package io.microlith.store;

import io.microlith.message.NewMessage;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The rule that one write carries no message id twice, checked before the store sees the write. Whether an
 * id is already stored is each store's own check (it needs the store's state).
 */
final class MessageIdsInWrite {
    /** Up to this many messages, comparing every pair is cheaper than building a hash set. */
    private static final int PAIRWISE_AT_MOST = 16;

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
        if (count <= PAIRWISE_AT_MOST) {
            requireDistinctPairwise(writes, count);
            return;
        }
        Set<UUID> seen = HashSet.newHashSet(count);
        for (StreamWrite write : writes) {
            for (NewMessage message : write.messages()) {
                if (!seen.add(message.id())) {
                    throw new DuplicateMessageIdException(message.id());
                }
            }
        }
    }

    private static void requireDistinctPairwise(List<StreamWrite> writes, int count) {
        UUID[] ids = new UUID[count];
        int n = 0;
        for (StreamWrite write : writes) {
            for (NewMessage message : write.messages()) {
                UUID id = message.id();
                for (int i = 0; i < n; i++) {
                    if (ids[i].equals(id)) {
                        throw new DuplicateMessageIdException(id);
                    }
                }
                ids[n++] = id;
            }
        }
    }
}
