package io.microlith.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.microlith.consumer.ConsumerListener;
import io.microlith.message.Message;

import java.time.Duration;

/**
 * One consumer's meters that its listener feeds: handling time per message, messages processed, retries. Its gauges
 * (lag, position, parked) are read from the consumer when the registry is scraped ({@link MicrolithMetrics}).
 */
final class ConsumerMeters implements ConsumerListener {
    private final Timer handling;
    private final Counter messages;
    private final Counter retries;

    ConsumerMeters(MeterRegistry registry, Tags tags) {
        this.handling = Timer.builder(MetricNames.CONSUMER_HANDLING).description("Time a consumer's handlers took per message")
                .tags(tags).register(registry);
        this.messages = Counter.builder(MetricNames.CONSUMER_MESSAGES).description("Messages a consumer processed")
                .tags(tags).register(registry);
        this.retries = Counter.builder(MetricNames.CONSUMER_RETRIES).description("Failed attempts a consumer will try again")
                .tags(tags).register(registry);
    }

    @Override
    public void handled(Message message, Duration took) {
        handling.record(took);
    }

    @Override
    public void batchProcessed(long position, int count) {
        messages.increment(count);
    }

    @Override
    public void retrying(Message message, int attempt, Throwable failure) {
        retries.increment();
    }
}
