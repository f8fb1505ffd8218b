package io.microlith.store.memory;

import io.microlith.message.Message;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The messages of one category in global order, with each stream's cardinal-id hash beside it for
 * consumer groups. Parallel arrays instead of an object per entry: the in-memory store keeps every
 * message, and each object it retains is work for every young garbage collection. Not thread-safe: the
 * store guards it with its lock.
 */
final class CategoryIndex {
    /** Stands in for the hash of a stream without an id, which belongs to no consumer-group member. */
    static final long NO_ID = Long.MIN_VALUE;

    private Message[] messages = new Message[16];
    private long[] hashes = new long[16];
    private int size;

    void add(Message message, long cardinalHash) {
        if (size == messages.length) {
            messages = Arrays.copyOf(messages, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        messages[size] = message;
        hashes[size] = cardinalHash;
        size++;
    }

    int size() {
        return size;
    }

    Message message(int index) {
        return messages[index];
    }

    long cardinalHash(int index) {
        return hashes[index];
    }

    /** The index of the first message at or after {@code globalPosition}; {@link #size()} when none. */
    int firstAtOrAfter(long globalPosition) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (messages[mid].globalPosition() < globalPosition) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** A live read-only view of the messages, in global order (valid under the store's lock). */
    List<Message> asList() {
        return new View();
    }

    private final class View extends AbstractList<Message> implements RandomAccess {
        @Override
        public Message get(int index) {
            return messages[index];
        }

        @Override
        public int size() {
            return size;
        }
    }
}
