package io.microlith.consumer;

import io.microlith.store.ConsumerGroup;

import java.time.Duration;

/**
 * Defaults for the consumers a {@code Microlith} builds (the buses' consumers and those made with
 * {@code microlith.consumer(...)}); a consumer's own builder can still change them. Starts from the same
 * defaults, and checks values the same way, as {@link Consumer.Builder}. Mutable, for configuration time only.
 */
public final class ConsumerSettings {
    private ConsumerOptions options = ConsumerOptions.DEFAULTS;

    /** The most messages read at once; default 1000. */
    public ConsumerSettings batchSize(int batchSize) {
        options = options.withBatchSize(batchSize);
        return this;
    }

    /** Save positions every this many messages; default 100. */
    public ConsumerSettings positionUpdateInterval(int messages) {
        options = options.withPositionUpdateInterval(messages);
        return this;
    }

    /** Streams of a batch handled at once (see {@link Consumer.Builder#concurrency(int)}); default 1. */
    public ConsumerSettings concurrency(int streams) {
        options = options.withConcurrency(streams);
        return this;
    }

    /** The fallback poll when no commit notification arrives; default 1 s. */
    public ConsumerSettings pollInterval(Duration interval) {
        options = options.withPollInterval(interval);
        return this;
    }

    /** Default {@link RetryPolicy#DEFAULT}. */
    public ConsumerSettings retry(RetryPolicy retry) {
        options = options.withRetry(retry);
        return this;
    }

    /** Default {@link HoldBack#EVENT_STREAMS} (command streams are never held back). */
    public ConsumerSettings holdBack(HoldBack holdBack) {
        options = options.withHoldBack(holdBack);
        return this;
    }

    /** Makes every consumer of this process member {@code member} of a group of {@code size} (scale-out). */
    public ConsumerSettings group(int member, int size) {
        options = options.withGroup(new ConsumerGroup(member, size));
        return this;
    }

    /** Applies these settings to a consumer builder, replacing every setting above that it had. */
    public Consumer.Builder applyTo(Consumer.Builder builder) {
        return builder.options(options);
    }

    /** A copy of these settings, to change apart from them. */
    public ConsumerSettings copy() {
        ConsumerSettings copy = new ConsumerSettings();
        copy.options = options;
        return copy;
    }

    /** The settings as they stand. */
    ConsumerOptions options() {
        return options;
    }
}
