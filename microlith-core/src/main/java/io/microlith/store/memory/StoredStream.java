package io.microlith.store.memory;

import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.store.Hash64;

import java.util.ArrayList;

/**
 * One stream of the in-memory store: its messages, and what each append to it needs that the name alone would
 * compute again every time (the category's text and index, and the MD5 of the cardinal id that consumer groups
 * partition by). Not thread-safe: the store guards it with its lock.
 */
final class StoredStream {
    final ArrayList<Message> messages = new ArrayList<>();
    final String category;
    final CategoryIndex categoryIndex;
    final long cardinalHash;

    StoredStream(StreamName name, CategoryIndex categoryIndex) {
        this.category = name.category();
        this.categoryIndex = categoryIndex;
        this.cardinalHash = name.cardinalId().map(Hash64::of).orElse(CategoryIndex.NO_ID);
    }

    /** The stream's version: the position of its last message, -1 when it has none. */
    long version() {
        return messages.size() - 1L;
    }
}
