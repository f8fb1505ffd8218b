package io.microlith.entity;

import io.microlith.message.Message;
import io.microlith.message.StreamName;

import java.util.Map;
import java.util.Objects;

/**
 * An entity's state as folded from its stream, with what a component needs to write after it.
 *
 * @param streamName the entity's stream
 * @param state      the folded state ({@code projection.initial()} when the stream is empty)
 * @param version    the position of the last message folded, {@code -1} when none: the expected version of
 *                   the next write
 * @param processed  for each category of causing messages (for example {@code account:command}), the highest
 *                   global position of a message that caused one of this entity's messages; see
 *                   {@link #hasProcessed(Message)}
 * @param <S>        the state's type
 */
public record Entity<S>(StreamName streamName, S state, long version, Map<String, Long> processed) {

    public Entity {
        Objects.requireNonNull(streamName, "streamName");
        processed = Map.copyOf(processed);
    }

    /** Whether the stream has any message. */
    public boolean exists() {
        return version >= 0;
    }

    /**
     * Whether {@code cause} (a command, say) was already handled: some message of this entity records a cause
     * from the same category at the same or a later global position. Valid when the causes of one entity are
     * handled in global order, which holds for one consumer of their category (or one member of a group) as
     * long as an entity's commands come from one stream, e.g. {@code account:command-<accountId>}.
     */
    public boolean hasProcessed(Message cause) {
        Long last = processed.get(cause.category());
        return last != null && last >= cause.globalPosition();
    }
}
