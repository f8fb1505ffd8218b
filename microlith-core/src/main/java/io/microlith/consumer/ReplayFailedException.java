package io.microlith.consumer;

/**
 * A replay of a parked message failed again. The message that failed (the parked one, or one its stream
 * held back) is parked in place of the original, and its stream stays held.
 */
public final class ReplayFailedException extends RuntimeException {
    private final transient ParkedMessage parked;

    public ReplayFailedException(ParkedMessage parked, Throwable cause) {
        super("Replay failed at message " + parked.messageId() + " (" + parked.type() + " at "
                + parked.streamName() + "/" + parked.position() + "); it is parked: " + parked.error(), cause);
        this.parked = parked;
    }

    /** The message now parked. */
    public ParkedMessage parked() {
        return parked;
    }
}
