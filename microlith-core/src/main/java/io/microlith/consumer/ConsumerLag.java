package io.microlith.consumer;

import io.microlith.internal.runtime.Categories;
import io.microlith.message.Message;
import io.microlith.store.CategoryQuery;
import io.microlith.store.ConsumerGroup;
import io.microlith.store.MessageStore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * How far a consumer is behind its category, measured from the store alone, so that a process that does not run
 * the consumer (a web process in front of components running elsewhere) can tell: the position the consumer saved
 * in its position stream ({@code <category>:position-<name>}), the first message of the category after it (the
 * oldest one still to process), and the store's head. Three small reads, whatever the backlog.
 *
 * <p>The saved position trails the consumer's own by up to its position update interval (100 messages by default)
 * while it is busy, and is exact once it is idle. A consumer that never saved a position counts from the start of
 * the category.
 *
 * @param category      the category the consumer reads
 * @param consumer      the consumer's name (with {@code +member} for a member of a group)
 * @param position      the global position it saved, 0 when none
 * @param firstPending  the global position of the oldest message of its category (its part of it, in a group) after
 *                      that, or 0 when there is none: it is caught up
 * @param head          the store's highest global position when measured
 * @param oldestPending when the oldest pending message was written, or {@code null} when none is pending
 */
public record ConsumerLag(String category, String consumer, long position, long firstPending, long head,
                          Instant oldestPending) {

    public ConsumerLag {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(consumer, "consumer");
    }

    /**
     * The lag of the consumer named {@code consumerName} of {@code category}, read from the store.
     *
     * @throws io.microlith.message.InvalidStreamNameException when {@code category} is not a category
     */
    public static ConsumerLag measure(MessageStore store, String category, String consumerName) {
        return measure(store, category, consumerName, null);
    }

    /** The lag of one member of a consumer group ({@code null}: a consumer without group), read from the store. */
    public static ConsumerLag measure(MessageStore store, String category, String consumerName, ConsumerGroup group) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(consumerName, "consumerName");
        String id = group == null ? consumerName : consumerName + "+" + group.member();
        // the stream the consumer keeps its position in: the rule of Consumer's default PositionStore
        long position = PositionStore.inStream(store, Categories.stream(category, "position", id)).load();
        return measureFrom(store, category, id, position, group);
    }

    /** The lag of a consumer of this process, from the position it holds in memory (fresher than the saved one). */
    public static ConsumerLag measure(MessageStore store, Consumer consumer) {
        ConsumerGroup group = consumer.status().group();
        String id = group == null ? consumer.name() : consumer.name() + "+" + group.member();
        return measureFrom(store, consumer.category(), id, consumer.position(), group);
    }

    private static ConsumerLag measureFrom(MessageStore store, String category, String id, long position, ConsumerGroup group) {
        long head = store.headGlobalPosition();
        CategoryQuery next = CategoryQuery.of(category).from(position + 1).batchSize(1);
        List<Message> pending = store.readCategory(group == null ? next : next.consumerGroup(group));
        Message oldest = pending.isEmpty() ? null : pending.getFirst();
        return new ConsumerLag(category, id, position, oldest == null ? 0 : oldest.globalPosition(),
                Math.max(head, oldest == null ? 0 : oldest.globalPosition()), oldest == null ? null : oldest.time());
    }

    /** Whether a message of the category waits for the consumer. */
    public boolean behind() {
        return firstPending > 0;
    }

    /**
     * At most how many messages wait for the consumer: every message from the oldest pending one to the head. An
     * upper bound, exact when only this category is written (other categories share the global positions); 0 when
     * caught up.
     */
    public long pendingAtMost() {
        return behind() ? head - firstPending + 1 : 0;
    }

    /** How long the oldest pending message has waited at {@code now}; zero when none waits. */
    public Duration age(Instant now) {
        return oldestPending == null || now.isBefore(oldestPending) ? Duration.ZERO : Duration.between(oldestPending, now);
    }
}
