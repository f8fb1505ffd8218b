package io.microlith.store.copy;

/**
 * How far a {@link StoreCopy} has come, reported after each batch.
 *
 * @param phase    what it is doing
 * @param messages messages of the phase done so far (checked, copied or verified)
 * @param position the global position reached
 * @param until    the source's head when the copy started: where each phase ends
 */
public record CopyProgress(Phase phase, long messages, long position, long until) {

    /** The steps of a copy, in order. */
    public enum Phase {
        /** Comparing what the target holds already with the start of the source (a resumed copy). */
        CHECKING,
        /** Importing the source's messages after the target's head. */
        COPYING,
        /** Reading the whole target again for the final checksum. */
        VERIFYING
    }

    /** The share of the phase done, 0 to 1 (1 for an empty source). */
    public double fraction() {
        return until <= 0 ? 1 : Math.min(1, (double) position / until);
    }
}
