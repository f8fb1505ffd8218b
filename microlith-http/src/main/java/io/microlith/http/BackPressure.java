package io.microlith.http;

import io.microlith.consumer.ConsumerLag;
import io.microlith.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Refuses new commands with 503 and {@code Retry-After} while the consumers that will handle them have fallen
 * behind by more than a limit, instead of accepting work faster than it is done (a backlog that grows without
 * bound, and clients told "accepted" for orders that wait minutes).
 *
 * <pre>{@code
 * BackPressure orders = BackPressure.builder(store)
 *         .watch("orders:command", "orders")          // the consumers whose backlog counts
 *         .watch("orders", "order-views")
 *         .maxPending(10_000)                           // messages
 *         .build();
 * app.post("/order", ctx -> BusRoutes.accept(ctx, commandBus, command, location, orders)); // 503 when behind
 * }</pre>
 *
 * <p><b>The measure.</b> A watched consumer's lag is {@link ConsumerLag#pendingAtMost()}: the messages from the
 * oldest one of its category it has not processed to the store's head, read from the store (its saved position),
 * so that a web process measures consumers that run elsewhere. Optionally also the age of that oldest message
 * ({@link Builder#maxAge}). Measured at most every {@link Builder#measureEvery} (500 ms by default) by the request
 * that finds the last measure too old, never per request; the others use the last one. See decision record 0057.
 *
 * <p><b>Visible.</b> {@link #refusedCount()} counts refusals and {@link #lags()} holds the last measure (for
 * metrics); refusals are logged at most once per {@value #LOG_EVERY_SECONDS} seconds, with how many there were.
 *
 * <p>When the store cannot be read, the last measure stays (and nothing is refused on account of the failure: the
 * write itself will fail if the store is down). Thread-safe.
 */
public final class BackPressure {
    static final long LOG_EVERY_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(BackPressure.class);

    private final List<Supplier<ConsumerLag>> watched;
    private final long maxPending;
    private final Duration maxAge;
    private final Duration measureEvery;
    private final Duration retryAfter;
    private final InstantSource clock;
    private final String what;
    private final ReentrantLock measuring = new ReentrantLock();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong refusedSinceLog = new AtomicLong();
    private volatile Measure last;
    private volatile Instant loggedAt = Instant.MIN;

    private BackPressure(Builder builder) {
        if (builder.watched.isEmpty()) {
            throw new IllegalArgumentException("Back-pressure needs at least one consumer to watch");
        }
        this.watched = List.copyOf(builder.watched);
        this.maxPending = builder.maxPending;
        this.maxAge = builder.maxAge;
        this.measureEvery = builder.measureEvery;
        this.retryAfter = builder.retryAfter;
        this.clock = builder.clock;
        this.what = builder.what;
    }

    /** Starts configuring back-pressure on consumers whose positions are kept in {@code store}. */
    public static Builder builder(MessageStore store) {
        return new Builder(Objects.requireNonNull(store, "store"));
    }

    /**
     * Lets the request go on, or refuses it while a watched consumer is over the limit.
     *
     * @throws HttpProblem 503 with {@code Retry-After}, naming nothing internal, when behind
     */
    public void admit() {
        Optional<ConsumerLag> over = overLimit();
        if (over.isPresent()) {
            refused.incrementAndGet();
            refusedSinceLog.incrementAndGet();
            logRefusals(over.get());
            throw HttpProblem.unavailable("The server is busy with earlier " + what + "; nothing was stored, try again later",
                    retryAfter);
        }
    }

    /** The watched consumer furthest over the limit as of the latest measure (measuring if it is too old), if any. */
    public Optional<ConsumerLag> overLimit() {
        Instant now = clock.instant();
        Measure measure = current(now);
        return measure.lags.stream().filter(lag -> isOver(lag, now))
                .max(Comparator.comparingLong(ConsumerLag::pendingAtMost));
    }

    /** The last measure of each watched consumer (empty before the first); for metrics and admin pages. */
    public List<ConsumerLag> lags() {
        Measure measure = last;
        return measure == null ? List.of() : measure.lags;
    }

    /** How many requests were refused since this was made. */
    public long refusedCount() {
        return refused.get();
    }

    private boolean isOver(ConsumerLag lag, Instant now) {
        return lag.pendingAtMost() > maxPending || (maxAge != null && lag.age(now).compareTo(maxAge) > 0);
    }

    private Measure current(Instant now) {
        Measure measure = last;
        if (measure != null && measure.at.plus(measureEvery).isAfter(now)) {
            return measure;
        }
        if (!measuring.tryLock()) {
            return measure == null ? Measure.NONE : measure; // another request is measuring: use what is known
        }
        try {
            measure = last;
            if (measure == null || !measure.at.plus(measureEvery).isAfter(now)) {
                measure = measure(now, measure);
                last = measure;
            }
            return measure;
        } finally {
            measuring.unlock();
        }
    }

    private Measure measure(Instant now, Measure previous) {
        List<ConsumerLag> lags = new ArrayList<>(watched.size());
        try {
            for (Supplier<ConsumerLag> probe : watched) {
                lags.add(probe.get());
            }
            return new Measure(now, List.copyOf(lags));
        } catch (RuntimeException e) {
            LOG.warn("Back-pressure on {} could not measure the consumers' lag; keeping the last measure", what, e);
            return new Measure(now, previous == null ? List.of() : previous.lags);
        }
    }

    private void logRefusals(ConsumerLag worst) {
        Instant now = clock.instant();
        Instant logged = loggedAt;
        if (logged.plusSeconds(LOG_EVERY_SECONDS).isAfter(now)) {
            return;
        }
        synchronized (this) {
            if (loggedAt != logged) {
                return;
            }
            loggedAt = now;
        }
        LOG.warn("Refused {} request(s) for {}: consumer {} of {} is behind by up to {} messages (limit {}), oldest waiting {}",
                refusedSinceLog.getAndSet(0), what, worst.consumer(), worst.category(), worst.pendingAtMost(), maxPending,
                worst.age(now));
    }

    private record Measure(Instant at, List<ConsumerLag> lags) {
        static final Measure NONE = new Measure(Instant.MIN, List.of());
    }

    /** Configures {@link BackPressure}: at most 10,000 pending messages, measured every 500 ms, retry after 2 s. */
    public static final class Builder {
        private final MessageStore store;
        private final List<Supplier<ConsumerLag>> watched = new ArrayList<>();
        private long maxPending = 10_000;
        private Duration maxAge;
        private Duration measureEvery = Duration.ofMillis(500);
        private Duration retryAfter = Duration.ofSeconds(2);
        private InstantSource clock = InstantSource.system();
        private String what = "requests";

        private Builder(MessageStore store) {
            this.store = store;
        }

        /** Watches the consumer named {@code consumerName} of {@code category}, from its position in the store. */
        public Builder watch(String category, String consumerName) {
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(consumerName, "consumerName");
            return watch(() -> ConsumerLag.measure(store, category, consumerName));
        }

        /** Watches any lag: a consumer of this process ({@code () -> ConsumerLag.measure(store, consumer)}), a group member. */
        public Builder watch(Supplier<ConsumerLag> probe) {
            watched.add(Objects.requireNonNull(probe, "probe"));
            return this;
        }

        /** Refuse while a watched consumer has more than {@code messages} pending ({@link ConsumerLag#pendingAtMost()}). */
        public Builder maxPending(long messages) {
            if (messages < 0) {
                throw new IllegalArgumentException("maxPending must not be negative, was " + messages);
            }
            this.maxPending = messages;
            return this;
        }

        /** Also refuse while the oldest pending message has waited longer than {@code age} ({@code null}: no limit). */
        public Builder maxAge(Duration age) {
            this.maxAge = age;
            return this;
        }

        /** How old a measure may be before a request measures again; positive. */
        public Builder measureEvery(Duration every) {
            this.measureEvery = positive(every, "measureEvery");
            return this;
        }

        /** What the refusal's {@code Retry-After} says; positive. */
        public Builder retryAfter(Duration after) {
            this.retryAfter = positive(after, "retryAfter");
            return this;
        }

        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** What is refused, in the message and the log: {@code "orders"}. */
        public Builder describedAs(String what) {
            this.what = Objects.requireNonNull(what, "what");
            return this;
        }

        public BackPressure build() {
            return new BackPressure(this);
        }

        private static Duration positive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isZero() || duration.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, was " + duration);
            }
            return duration;
        }
    }
}
