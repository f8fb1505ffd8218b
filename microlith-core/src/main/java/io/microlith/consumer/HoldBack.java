package io.microlith.consumer;

import io.microlith.message.StreamName;

/**
 * What a consumer does with the rest of a stream once one of its messages is parked (decision 0051).
 *
 * <p>Holding a stream back keeps its messages in order, which matters for an entity's events: a reader
 * that skipped one would fold the rest onto the wrong state. It must not let one party block another: a
 * command stream is often named by user input ({@code identity:command-<id of an e-mail address>}), so a
 * poison command that anyone can send would hold back the owner's stream for good. Hence the default,
 * {@link #EVENT_STREAMS}.
 */
public enum HoldBack {
    /**
     * Default: a parked message holds back the rest of its stream, unless the stream is a command stream (its
     * category has the type {@code command}, as {@code account:command-1}). Command streams go on: a command
     * is a request, answered or refused on its own, and a poison one must not stop the next request.
     */
    EVENT_STREAMS,
    /**
     * Later messages of the parked message's stream, whatever the stream, are held back (recorded as
     * skipped, not handled) until the parked message is replayed or skipped, so that each stream is handled
     * in order. Other streams of the category go on.
     */
    STREAM,
    /** Later messages of the stream are handled as usual; only the parked message waits for a replay. */
    NOTHING;

    /** The category type whose streams {@link #EVENT_STREAMS} never holds back. */
    private static final String COMMAND = "command";

    /** Whether a message of {@code stream}, once parked, holds back the rest of that stream. */
    public boolean holds(StreamName stream) {
        return switch (this) {
            case EVENT_STREAMS -> !stream.hasType(COMMAND);
            case STREAM -> true;
            case NOTHING -> false;
        };
    }
}
