package io.microlith.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.microlith.Feature;
import io.microlith.Microlith;
import io.microlith.MicrolithConfig;
import io.microlith.consumer.Consumer;
import io.microlith.consumer.ConsumerLag;
import io.microlith.consumer.ConsumerListener;
import io.microlith.store.MessageStore;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for a Microlith, as a {@link Feature}: add it with the application's features and every consumer
 * the Microlith builds is metered (handling time, messages, retries, and at scrape time its lag, position and parked
 * messages), and so are the waits that timed out. Meter the store by wrapping it ({@link #meter}), and the HTTP routes
 * with {@link HttpMetrics}. Names and tags: {@link MetricNames}.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * MicrolithMetrics metrics = new MicrolithMetrics(registry);
 * Microlith microlith = Microlith.create(config -> config
 *         .ownedStore(metrics.meter(MessageStores.open("sqlite:./data/app.db"), "main"))
 *         .feature(new OrdersFeature(), metrics));
 * }</pre>
 *
 * Gauges read the consumers when the registry is scraped: the lag is {@link ConsumerLag#pendingAtMost()}, two small
 * reads of the store per consumer. One instance meters one Microlith.
 */
public final class MicrolithMetrics implements Feature {
    private final MeterRegistry registry;
    private volatile Microlith microlith;
    /** Function counters hold what they read weakly: the suppliers are kept here. */
    private final List<LongSupplier> refusalCounts = new CopyOnWriteArrayList<>();

    public MicrolithMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** The registry the meters go to. */
    public MeterRegistry registry() {
        return registry;
    }

    /** {@code store}, metered under the tag {@code store=name}; closing the metered store closes {@code store}. */
    public MessageStore meter(MessageStore store, String name) {
        return new MeteredMessageStore(store, registry, name);
    }

    /**
     * Counts the requests a limit refused, read from {@code refused} at scrape time, as {@value MetricNames#REFUSED}
     * tagged {@code limit} (e.g. {@code back-pressure}, {@code rate-limit}) and {@code name}: for
     * {@code BackPressure::refusedCount} and {@code RateLimit::refusedCount} of {@code microlith-http}.
     */
    public MicrolithMetrics refusals(String limit, String name, LongSupplier refused) {
        refusalCounts.add(Objects.requireNonNull(refused, "refused"));
        FunctionCounter.builder(MetricNames.REFUSED, refused, r -> r.getAsLong())
                .description("Requests refused by back-pressure or a rate limit").tags("limit", limit, "name", name)
                .register(registry);
        return this;
    }

    @Override
    public void configure(MicrolithConfig config) {
        config.consumerListeners(this::listenerFor);
    }

    @Override
    public void wire(Microlith microlith) {
        this.microlith = microlith;
        FunctionCounter.builder(MetricNames.WAITS_TIMED_OUT, microlith, Microlith::waitsTimedOut)
                .description("Waits for a correlated message or a query's answer that timed out").register(registry);
    }

    private ConsumerListener listenerFor(String category, String name) {
        Tags tags = Tags.of("consumer", name, "category", category);
        gauge(MetricNames.CONSUMER_LAG, "At most how many messages of its category wait for the consumer", tags, "messages",
                consumer -> ConsumerLag.measure(microlith.store(), consumer).pendingAtMost());
        gauge(MetricNames.CONSUMER_POSITION, "The global position the consumer has processed up to", tags, null,
                Consumer::position);
        gauge(MetricNames.CONSUMER_PARKED, "Messages the consumer parked and nobody released yet", tags, "messages",
                consumer -> consumer.status().parked());
        return new ConsumerMeters(registry, tags);
    }

    /** A gauge of the running consumer with these tags, NaN while there is none (not started, or a replaced copy). */
    private void gauge(String meter, String description, Tags tags, String unit, ToDoubleFunction<Consumer> value) {
        String category = tags.stream().filter(t -> t.getKey().equals("category")).findFirst().orElseThrow().getValue();
        String name = tags.stream().filter(t -> t.getKey().equals("consumer")).findFirst().orElseThrow().getValue();
        Gauge.builder(meter, this, metrics -> metrics.read(category, name, value)).description(description).tags(tags)
                .baseUnit(unit).strongReference(true).register(registry);
    }

    private double read(String category, String name, ToDoubleFunction<Consumer> value) {
        Microlith wired = microlith;
        if (wired == null) {
            return Double.NaN;
        }
        for (Consumer consumer : wired.consumers()) {
            if (consumer.category().equals(category) && consumer.name().equals(name)) {
                return value.applyAsDouble(consumer);
            }
        }
        return Double.NaN;
    }
}
