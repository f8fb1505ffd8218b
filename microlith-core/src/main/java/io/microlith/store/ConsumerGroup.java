package io.microlith.store;

import io.microlith.message.StreamName;

/**
 * One member of a group of consumers that share a category. Each stream belongs to exactly one member:
 * {@code abs(hash64(cardinalId)) mod size}, the same rule as message-db, so partitions agree across
 * every store and every process. Streams with the same cardinal id ({@code account-1}, {@code account-1+x})
 * go to the same member; bare-category streams (no id) go to none.
 *
 * @param member 0-based, below {@code size}
 * @param size   1 or more
 */
public record ConsumerGroup(int member, int size) {
    public ConsumerGroup {
        if (size < 1) {
            throw new IllegalArgumentException("Consumer group size must be at least 1, was " + size);
        }
        if (member < 0 || member >= size) {
            throw new IllegalArgumentException(
                    "Consumer group member must be between 0 and " + (size - 1) + " for size " + size + ", was " + member);
        }
    }

    /** Whether the stream belongs to this member. */
    public boolean includes(StreamName streamName) {
        return streamName.cardinalId().map(id -> memberOf(Hash64.of(id), size) == member).orElse(false);
    }

    /** The member a cardinal id's hash belongs to, in a group of {@code size}. */
    public static int memberOf(long cardinalIdHash, int size) {
        // message-db computes abs(hash) mod size; abs(Long.MIN_VALUE) overflows there (an error) and here
        // (stays negative), a 2^-64 case that floorMod maps to a valid member instead.
        return (int) Math.floorMod(Math.abs(cardinalIdHash), (long) size);
    }
}
