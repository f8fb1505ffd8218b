package io.microlith.store;

import io.microlith.message.NewMessage;

import java.util.List;
import java.util.Objects;

/**
 * A guard on a write across streams (a dynamic consistency boundary): the write fails with
 * {@link AppendConditionFailedException}, and nothing of it is stored, if any message matching {@code query} was
 * stored after global position {@code after}. Checked atomically with the write, against the store as the write's
 * transaction sees it (so also against the messages of earlier stream writes of the same call).
 *
 * <p>The usual flow: read the boundary ({@link QueryReader#readBoundary(MessageQuery)}), decide on what it holds,
 * write with the condition it returned; when another writer got there first, read again and decide again.
 *
 * @param query the messages that must not have changed
 * @param after a global position (1-based); {@link #NONE} ({@code 0}) when no matching message may exist at all
 */
public record AppendCondition(MessageQuery query, long after) {

    /** {@link #after()} when no matching message may exist at all. */
    public static final long NONE = 0;

    public AppendCondition {
        Objects.requireNonNull(query, "query");
        if (after < 0) {
            throw new IllegalArgumentException("An append condition's position is a global position (>= 1) or NONE (0), was "
                    + after);
        }
    }

    /** Fails the write if any message matches {@code query}. */
    public static AppendCondition noneMatching(MessageQuery query) {
        return new AppendCondition(query, NONE);
    }

    /** Fails the write if a message matching {@code query} was stored after global position {@code after}. */
    public static AppendCondition noneMatchingAfter(MessageQuery query, long after) {
        return new AppendCondition(query, after);
    }

    /** Whether a store whose last matching message is at {@code lastMatching} ({@code 0}: none) satisfies this. */
    public boolean holdsAt(long lastMatching) {
        return lastMatching <= after;
    }

    /**
     * For stores: the global position of the last message of {@code earlier} (the earlier stream writes of the same
     * call, not yet stored) that matches the query after this condition's position, if their messages get
     * consecutive global positions from {@code firstGlobalPosition}; {@link #NONE} when none does.
     */
    public long lastMatchingIn(List<StreamWrite> earlier, long firstGlobalPosition) {
        long last = NONE;
        long position = firstGlobalPosition;
        for (StreamWrite write : earlier) {
            for (NewMessage message : write.messages()) {
                if (position > after && query.matches(message.type(), write.streamName(), message.metadata())) {
                    last = position;
                }
                position++;
            }
        }
        return last;
    }

    @Override
    public String toString() {
        return "no message matching " + query + (after == NONE ? "" : " after global position " + after);
    }
}
