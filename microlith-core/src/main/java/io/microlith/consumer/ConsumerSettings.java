package io.microlith.consumer;

import io.microlith.store.CategoryQuery;
import io.microlith.store.ConsumerGroup;

import java.time.Duration;
import java.util.Objects;

/**
 * Defaults for the consumers a {@code Microlith} builds (the buses' consumers and those made with
 * {@code microlith.consumer(...)}); a consumer's own builder can still change them. Mutable, for
 * configuration time only.
 */
public final class ConsumerSettings {
    private int batchSize = CategoryQuery.DEFAULT_BATCH_SIZE;
    private int positionUpdateInterval = 100;
    private int concurrency = 1;
    private Duration pollInterval = Duration.ofSeconds(1);
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private HoldBack holdBack = HoldBack.STREAM;
    private ConsumerGroup group;

    /** The most messages read at once; default 1000. */
    public ConsumerSettings batchSize(int batchSize) {
        this.batchSize = io.microlith.store.Reads.requireBatchSize(batchSize);
        return this;
    }

    /** Save positions every this many messages; default 100. */
    public ConsumerSettings positionUpdateInterval(int messages) {
        if (messages < 1) {
            throw new IllegalArgumentException("Position update interval must be at least 1, was " + messages);
        }
        this.positionUpdateInterval = messages;
        return this;
    }

    /** Streams of a batch handled at once (see {@link Consumer.Builder#concurrency(int)}); default 1. */
    public ConsumerSettings concurrency(int streams) {
        if (streams < 1) {
            throw new IllegalArgumentException("Concurrency must be at least 1, was " + streams);
        }
        this.concurrency = streams;
        return this;
    }

    /** The fallback poll when no commit notification arrives; default 1 s. */
    public ConsumerSettings pollInterval(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("Poll interval must be positive, was " + interval);
        }
        this.pollInterval = interval;
        return this;
    }

    /** Default {@link RetryPolicy#DEFAULT}. */
    public ConsumerSettings retry(RetryPolicy retry) {
        this.retry = Objects.requireNonNull(retry, "retry");
        return this;
    }

    /** Default {@link HoldBack#STREAM}. */
    public ConsumerSettings holdBack(HoldBack holdBack) {
        this.holdBack = Objects.requireNonNull(holdBack, "holdBack");
        return this;
    }

    /** Makes every consumer of this process member {@code member} of a group of {@code size} (scale-out). */
    public ConsumerSettings group(int member, int size) {
        this.group = new ConsumerGroup(member, size);
        return this;
    }

    /** Applies these settings to a consumer builder. */
    public Consumer.Builder applyTo(Consumer.Builder builder) {
        return builder.batchSize(batchSize)
                .positionUpdateInterval(positionUpdateInterval)
                .concurrency(concurrency)
                .pollInterval(pollInterval)
                .retry(retry)
                .holdBack(holdBack)
                .group(group);
    }
}
