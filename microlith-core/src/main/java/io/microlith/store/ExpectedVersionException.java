package io.microlith.store;

import io.microlith.message.StreamName;

/**
 * A write whose expected version did not match the stream. Nothing of that write (or of the
 * transaction it was part of) was stored.
 */
public final class ExpectedVersionException extends MessageStoreException {
    private final StreamName streamName;
    private final ExpectedVersion expected;
    private final long actual;

    public ExpectedVersionException(StreamName streamName, ExpectedVersion expected, long actual) {
        super("Wrong expected version: expected " + expected + " but stream " + streamName + " is at "
                + (actual == -1 ? "-1 (no messages)" : actual));
        this.streamName = streamName;
        this.expected = expected;
        this.actual = actual;
    }

    public StreamName streamName() {
        return streamName;
    }

    public ExpectedVersion expected() {
        return expected;
    }

    /** The stream's version when the write was attempted, {@code -1} when it had no messages. */
    public long actual() {
        return actual;
    }
}
