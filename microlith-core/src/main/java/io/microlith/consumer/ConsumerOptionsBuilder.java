package io.microlith.consumer;

import io.microlith.store.ConsumerGroup;

import java.time.Duration;
import java.util.Objects;

/**
 * The reading and failure settings of a consumer being built, from batch size to hold-back ({@link ConsumerOptions}):
 * the part of {@link Consumer.Builder} that does not concern handlers, listeners or transports. Each setter returns the
 * builder it was called on, so chains go on with the builder's own methods.
 *
 * @param <B> the builder type
 */
public abstract sealed class ConsumerOptionsBuilder<B extends ConsumerOptionsBuilder<B>> permits Consumer.Builder {
    private ConsumerOptions options = ConsumerOptions.DEFAULTS;

    ConsumerOptionsBuilder() {
    }

    /** This builder, typed as itself. */
    abstract B self();

    /** The most messages read at once; default 1000. */
    public B batchSize(int batchSize) {
        return options(options.withBatchSize(batchSize));
    }

    /** Save the position every this many messages (and when idle, and on stop); default 100. */
    public B positionUpdateInterval(int messages) {
        return options(options.withPositionUpdateInterval(messages));
    }

    /**
     * How many streams of a batch may be handled at once, each stream still in order; default 1 (every
     * message in global order, one at a time). More lets handlers that write (components) share the
     * store's commits; handlers must then be safe to run concurrently, and messages of different streams
     * may be handled out of global order. Ignored with a {@link TransactionalPositionStore}.
     */
    public B concurrency(int streams) {
        return options(options.withConcurrency(streams));
    }

    /** How many streams may be handled at once ({@link #concurrency(int)}); 1 by default. */
    public int concurrency() {
        return options.concurrency();
    }

    /** The fallback poll when no commit notification arrives; default 1 s. */
    public B pollInterval(Duration interval) {
        return options(options.withPollInterval(interval));
    }

    /** Makes this consumer member {@code member} (0-based) of a group of {@code size}. */
    public B group(int member, int size) {
        return options(options.withGroup(new ConsumerGroup(member, size)));
    }

    /** Makes this consumer a member of a group, or of none when {@code null}. */
    public B group(ConsumerGroup group) {
        return options(options.withGroup(group));
    }

    /** What happens when a handler throws; default {@link RetryPolicy#DEFAULT}. */
    public B retry(RetryPolicy retry) {
        return options(options.withRetry(retry));
    }

    /**
     * What happens to the rest of a stream once a message of it is parked; default
     * {@link HoldBack#EVENT_STREAMS}: an event stream is held back, a command stream is not.
     */
    public B holdBack(HoldBack holdBack) {
        return options(options.withHoldBack(holdBack));
    }

    /** Replaces the settings from batch size to group with {@code options} ({@link ConsumerSettings#applyTo}). */
    B options(ConsumerOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        return self();
    }

    ConsumerOptions options() {
        return options;
    }
}
