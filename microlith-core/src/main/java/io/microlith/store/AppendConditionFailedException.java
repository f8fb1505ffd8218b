package io.microlith.store;

import io.microlith.message.StreamName;

/**
 * A write's {@link AppendCondition} did not hold: a message matching its query was stored after the position it
 * gave. Nothing of that write (or of the call it was part of) was stored. Read the boundary again and decide again.
 */
public final class AppendConditionFailedException extends MessageStoreException {
    private final StreamName streamName;
    private final AppendCondition condition;
    private final long found;

    /**
     * @param streamName the stream the guarded write was for
     * @param condition  the condition that failed
     * @param found      the global position of the last message matching the query when the write was attempted
     */
    public AppendConditionFailedException(StreamName streamName, AppendCondition condition, long found) {
        super("Append condition failed for the write to " + streamName + ": expected no message matching "
                + condition.query() + (condition.after() == AppendCondition.NONE ? " at all"
                : " after global position " + condition.after()) + ", but one is at global position " + found);
        this.streamName = streamName;
        this.condition = condition;
        this.found = found;
    }

    public StreamName streamName() {
        return streamName;
    }

    public AppendCondition condition() {
        return condition;
    }

    /** The global position of the last matching message found, greater than {@code condition().after()}. */
    public long found() {
        return found;
    }
}
