package io.microlith.consumer;

/** What a consumer does with the rest of a stream once one of its messages is parked. */
public enum HoldBack {
    /**
     * Default: later messages of the parked message's stream are held back (recorded as skipped, not
     * handled) until the parked message is replayed or skipped, so that each stream is handled in order.
     * Other streams of the category go on.
     */
    STREAM,
    /** Later messages of the stream are handled as usual; only the parked message waits for a replay. */
    NOTHING
}
