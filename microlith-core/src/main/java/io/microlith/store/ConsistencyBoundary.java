package io.microlith.store;

import io.microlith.message.Message;

import java.util.List;
import java.util.Objects;

/**
 * What a decider reads before a write guarded across streams: the messages matching a query, in global order, and
 * the condition under which a write decided on them is still right.
 *
 * @param messages  every message matching the query when it was read, in global position order
 * @param condition the query, after the global position of the last of {@code messages}
 *                  ({@link AppendCondition#NONE} when there is none)
 */
public record ConsistencyBoundary(List<Message> messages, AppendCondition condition) {

    public ConsistencyBoundary {
        messages = List.copyOf(messages);
        Objects.requireNonNull(condition, "condition");
    }

    /** The boundary of {@code query} made of {@code messages} (in global order). */
    public static ConsistencyBoundary of(MessageQuery query, List<Message> messages) {
        long last = messages.isEmpty() ? AppendCondition.NONE : messages.getLast().globalPosition();
        return new ConsistencyBoundary(messages, AppendCondition.noneMatchingAfter(query, last));
    }

    /** The global position the condition checks after; {@link AppendCondition#NONE} when nothing matched. */
    public long position() {
        return condition.after();
    }
}
