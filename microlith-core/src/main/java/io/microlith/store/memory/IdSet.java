package io.microlith.store.memory;

import java.util.UUID;

/**
 * The ids of every message the in-memory store holds, for its duplicate check: an open-addressing table of the ids'
 * two halves in one {@code long[]}, at most half full. A {@code HashSet<UUID>} held a node and the {@code UUID}
 * object per message and took a third of an append's CPU in profiles (a cache miss per probe, and every node is work
 * for the collector); here a probe reads two adjacent longs and the set holds no objects. Not thread-safe: the store
 * guards it with its write lock.
 *
 * <p>The nil UUID (both halves zero) marks an empty slot, so it is kept aside in a flag.
 */
final class IdSet {
    private static final int MIN_SLOTS = 1 << 10;

    /** Slot {@code s} holds the most significant half at {@code 2s} and the least at {@code 2s + 1}. */
    private long[] table = new long[2 * MIN_SLOTS];
    private int size;
    private boolean holdsNil;

    /** Adds {@code id}; false, changing nothing, when it is held already. */
    boolean add(UUID id) {
        long msb = id.getMostSignificantBits();
        long lsb = id.getLeastSignificantBits();
        if (msb == 0 && lsb == 0) {
            boolean added = !holdsNil;
            holdsNil = true;
            return added;
        }
        int mask = slots() - 1;
        for (int slot = slotOf(msb, lsb, mask); ; slot = (slot + 1) & mask) {
            long m = table[2 * slot];
            long l = table[2 * slot + 1];
            if (m == 0 && l == 0) {
                table[2 * slot] = msb;
                table[2 * slot + 1] = lsb;
                if (++size > slots() / 2) {
                    grow();
                }
                return true;
            }
            if (m == msb && l == lsb) {
                return false;
            }
        }
    }

    boolean contains(UUID id) {
        long msb = id.getMostSignificantBits();
        long lsb = id.getLeastSignificantBits();
        if (msb == 0 && lsb == 0) {
            return holdsNil;
        }
        return find(msb, lsb) >= 0;
    }

    /**
     * Removes {@code id} if held (the store releases the ids a failed write claimed). The slots after it up to
     * the next empty one are shifted back where their probe allows, so no tombstone is left and a later probe
     * still reaches every id.
     */
    void remove(UUID id) {
        long msb = id.getMostSignificantBits();
        long lsb = id.getLeastSignificantBits();
        if (msb == 0 && lsb == 0) {
            holdsNil = false;
            return;
        }
        int hole = find(msb, lsb);
        if (hole < 0) {
            return;
        }
        int mask = slots() - 1;
        for (int slot = (hole + 1) & mask; ; slot = (slot + 1) & mask) {
            long m = table[2 * slot];
            long l = table[2 * slot + 1];
            if (m == 0 && l == 0) {
                break;
            }
            int home = slotOf(m, l, mask);
            // the entry may move back to the hole unless its home lies cyclically in (hole, slot]
            boolean homeBetween = hole <= slot ? hole < home && home <= slot : hole < home || home <= slot;
            if (!homeBetween) {
                table[2 * hole] = m;
                table[2 * hole + 1] = l;
                hole = slot;
            }
        }
        table[2 * hole] = 0;
        table[2 * hole + 1] = 0;
        size--;
    }

    int size() {
        return size + (holdsNil ? 1 : 0);
    }

    private int find(long msb, long lsb) {
        int mask = slots() - 1;
        for (int slot = slotOf(msb, lsb, mask); ; slot = (slot + 1) & mask) {
            long m = table[2 * slot];
            long l = table[2 * slot + 1];
            if (m == msb && l == lsb) {
                return slot;
            }
            if (m == 0 && l == 0) {
                return -1;
            }
        }
    }

    private int slots() {
        return table.length / 2;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        int mask = slots() - 1;
        for (int i = 0; i < old.length; i += 2) {
            long m = old[i];
            long l = old[i + 1];
            if (m != 0 || l != 0) {
                int slot = slotOf(m, l, mask);
                while (table[2 * slot] != 0 || table[2 * slot + 1] != 0) {
                    slot = (slot + 1) & mask;
                }
                table[2 * slot] = m;
                table[2 * slot + 1] = l;
            }
        }
    }

    /**
     * Mixes both halves (time-ordered ids differ mostly in a few bits of one half) with MurmurHash3's 64-bit finish,
     * so every bit of the id reaches the low bits the mask keeps.
     */
    private static int slotOf(long msb, long lsb, int mask) {
        long h = msb * 0x9E3779B97F4A7C15L + lsb;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h & mask;
    }
}
