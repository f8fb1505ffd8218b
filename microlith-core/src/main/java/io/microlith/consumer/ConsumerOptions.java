package io.microlith.consumer;

import io.microlith.store.CategoryQuery;
import io.microlith.store.ConsumerGroup;
import io.microlith.store.Reads;

import java.time.Duration;
import java.util.Objects;

/**
 * The tunable settings of a consumer, validated, with their defaults in {@link #DEFAULTS}. The one source of
 * both: {@link Consumer.Builder} holds one, and {@link ConsumerSettings} (a Microlith's defaults for all its
 * consumers) holds one and hands it to a builder, so the two cannot disagree.
 *
 * @param batchSize              the most messages read at once
 * @param positionUpdateInterval save the position every this many messages
 * @param concurrency            how many streams of a batch are handled at once
 * @param pollInterval           the fallback poll when no commit notification arrives
 * @param retry                  what happens when a handler throws
 * @param holdBack               what happens to the rest of a stream once one of its messages is parked
 * @param group                  the consumer group, or {@code null} for none
 */
record ConsumerOptions(int batchSize, int positionUpdateInterval, int concurrency, Duration pollInterval,
                       RetryPolicy retry, HoldBack holdBack, ConsumerGroup group) {

    /** Batches of 1000, the position saved every 100 messages, one message at a time, a 1 s poll. */
    static final ConsumerOptions DEFAULTS = new ConsumerOptions(CategoryQuery.DEFAULT_BATCH_SIZE, 100, 1,
            Duration.ofSeconds(1), RetryPolicy.DEFAULT, HoldBack.EVENT_STREAMS, null);

    ConsumerOptions {
        Reads.requireBatchSize(batchSize);
        if (positionUpdateInterval < 1) {
            throw new IllegalArgumentException("Position update interval must be at least 1, was "
                    + positionUpdateInterval);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("Concurrency must be at least 1, was " + concurrency);
        }
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("Poll interval must be positive, was " + pollInterval);
        }
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(holdBack, "holdBack");
    }

    ConsumerOptions withBatchSize(int messages) {
        return new ConsumerOptions(messages, positionUpdateInterval, concurrency, pollInterval, retry, holdBack, group);
    }

    ConsumerOptions withPositionUpdateInterval(int messages) {
        return new ConsumerOptions(batchSize, messages, concurrency, pollInterval, retry, holdBack, group);
    }

    ConsumerOptions withConcurrency(int streams) {
        return new ConsumerOptions(batchSize, positionUpdateInterval, streams, pollInterval, retry, holdBack, group);
    }

    ConsumerOptions withPollInterval(Duration interval) {
        return new ConsumerOptions(batchSize, positionUpdateInterval, concurrency, interval, retry, holdBack, group);
    }

    ConsumerOptions withRetry(RetryPolicy policy) {
        return new ConsumerOptions(batchSize, positionUpdateInterval, concurrency, pollInterval, policy, holdBack,
                group);
    }

    ConsumerOptions withHoldBack(HoldBack hold) {
        return new ConsumerOptions(batchSize, positionUpdateInterval, concurrency, pollInterval, retry, hold, group);
    }

    /** @param member the group, or {@code null} for none */
    ConsumerOptions withGroup(ConsumerGroup member) {
        return new ConsumerOptions(batchSize, positionUpdateInterval, concurrency, pollInterval, retry, holdBack,
                member);
    }
}
