package io.microlith.store;

import io.microlith.message.StreamName;

import java.util.Objects;

/**
 * A read of one category by global position.
 *
 * @param category           a category name (no {@code -}), e.g. {@code account} or {@code account:command}
 * @param fromGlobalPosition inclusive; a follower resumes at the last global position seen + 1
 * @param batchSize          the most messages returned, after filtering; at least 1
 * @param consumerGroup      only the streams of this member, or {@code null} for all
 * @param correlation        only messages whose metadata {@code correlationStreamName} has exactly this
 *                           category, or {@code null} for all (message-db's {@code correlation})
 */
public record CategoryQuery(String category, long fromGlobalPosition, int batchSize, ConsumerGroup consumerGroup,
                            String correlation) {

    /** Default batch size, as message-db's. */
    public static final int DEFAULT_BATCH_SIZE = 1000;

    public CategoryQuery {
        StreamName.requireCategory(category);
        Reads.requirePosition(fromGlobalPosition, "global position");
        Reads.requireBatchSize(batchSize);
        if (correlation != null) {
            StreamName.requireCategory(correlation);
        }
    }

    /** All of a category from its start, in batches of {@value #DEFAULT_BATCH_SIZE}. */
    public static CategoryQuery of(String category) {
        return new CategoryQuery(category, 1, DEFAULT_BATCH_SIZE, null, null);
    }

    public CategoryQuery from(long globalPosition) {
        return new CategoryQuery(category, globalPosition, batchSize, consumerGroup, correlation);
    }

    public CategoryQuery batchSize(int size) {
        return new CategoryQuery(category, fromGlobalPosition, size, consumerGroup, correlation);
    }

    public CategoryQuery consumerGroup(int member, int size) {
        return new CategoryQuery(category, fromGlobalPosition, batchSize, new ConsumerGroup(member, size), correlation);
    }

    public CategoryQuery consumerGroup(ConsumerGroup group) {
        return new CategoryQuery(category, fromGlobalPosition, batchSize, group, correlation);
    }

    public CategoryQuery correlation(String correlationCategory) {
        return new CategoryQuery(category, fromGlobalPosition, batchSize, consumerGroup,
                Objects.requireNonNull(correlationCategory, "correlationCategory"));
    }
}
