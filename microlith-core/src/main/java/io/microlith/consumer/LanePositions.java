package io.microlith.consumer;

import io.microlith.internal.runtime.Categories;
import io.microlith.message.Message;
import io.microlith.store.MessageStore;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deduplication by global position for a consumer that receives from a broker: per <em>lane</em> (a RabbitMQ
 * queue, a Kafka partition), the global position of the last message processed, kept in the store beside the
 * consumer ({@code <category>:position-<name>+lane<n>}, {@code Recorded} messages as a {@link Consumer}'s
 * position). A relay publishes a category in global order and a lane keeps the order it was given, so a message at
 * or below its lane's position was processed before: a relay's re-send after a crash, or a broker's redelivery of
 * a message processed but not yet acknowledged.
 *
 * <p>Positions are cached per lane while this process owns the lane. A lane that may have been processed
 * elsewhere meanwhile is read again from the store: on its first message after {@link #forget(int)}, and for every
 * message the transport marks as possibly seen before (redelivered, or re-sent by a restarted relay). Thread-safe
 * for one thread per lane.
 */
public final class LanePositions {
    private final MessageStore store;
    private final String category;
    private final String consumer;
    private final Map<Integer, PositionStore> stores = new ConcurrentHashMap<>();
    private final Map<Integer, Long> cached = new ConcurrentHashMap<>();

    private LanePositions(MessageStore store, String category, String consumer) {
        this.store = store;
        this.category = category;
        this.consumer = consumer;
    }

    /** The lane positions of consumer {@code name} of {@code category}. */
    public static LanePositions inStore(MessageStore store, String category, String name) {
        Categories.stream(category, "position", name); // validates both
        return new LanePositions(store, category, name);
    }

    /**
     * Whether {@code message}, delivered on {@code lane}, is past the lane's position: to be handled.
     *
     * @param maybeSeenBefore the transport says it may have been delivered before: the position is read from the store
     */
    public boolean isNew(int lane, Message message, boolean maybeSeenBefore) {
        Long position = maybeSeenBefore ? null : cached.get(lane);
        if (position == null) {
            position = storeOf(lane).load();
            cached.put(lane, position);
        }
        return message.globalPosition() > position;
    }

    /** The lane's message at {@code globalPosition} was processed: saved before the transport acknowledges it. */
    public void processed(int lane, long globalPosition) {
        if (globalPosition > cached.getOrDefault(lane, 0L)) {
            storeOf(lane).save(globalPosition);
            cached.put(lane, globalPosition);
        }
    }

    /** The lane's last processed position as stored (0 before the first). */
    public long position(int lane) {
        return storeOf(lane).load();
    }

    /** This process no longer owns the lane: its next message reads the position from the store again. */
    public void forget(int lane) {
        cached.remove(lane);
    }

    private PositionStore storeOf(int lane) {
        if (lane < 0) {
            throw new IllegalArgumentException("A lane is a number from 0, was " + lane);
        }
        return stores.computeIfAbsent(lane, l -> PositionStore.inStream(store,
                Categories.stream(category, "position", consumer + "+lane" + l)));
    }
}
