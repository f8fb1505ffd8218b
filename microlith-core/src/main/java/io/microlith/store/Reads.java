package io.microlith.store;

/** Argument checks shared by every read, so that every store rejects the same input the same way. */
public final class Reads {
    private Reads() {
    }

    public static long requirePosition(long position, String what) {
        if (position < 0) {
            throw new IllegalArgumentException("A " + what + " must not be negative, was " + position);
        }
        return position;
    }

    public static int requireBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("Batch size must be at least 1, was " + batchSize);
        }
        return batchSize;
    }
}
