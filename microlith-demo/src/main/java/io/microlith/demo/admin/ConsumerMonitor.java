package io.microlith.demo.admin;

import io.microlith.Managed;
import io.microlith.Microlith;
import io.microlith.consumer.Consumer;
import io.microlith.consumer.ConsumerLag;
import io.microlith.consumer.ConsumerListener;
import io.microlith.consumer.ConsumerListeners;
import io.microlith.consumer.ParkedMessage;
import io.microlith.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the admin portal knows of this process's consumers beyond their status: what each is doing (retrying a message
 * or not), how many messages it processed, a sample of position, lag and throughput every {@link #INTERVAL} for the
 * last {@link #KEPT} (the portal's live chart), and who handled the recent messages and when (the correlation chain).
 * It hears every consumer through the Microlith's consumer listeners, and samples on a thread of its own, started and
 * stopped with the Microlith ({@link Managed}).
 */
public final class ConsumerMonitor implements ConsumerListeners, Managed {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerMonitor.class);
    static final Duration INTERVAL = Duration.ofSeconds(2);
    static final Duration KEPT = Duration.ofMinutes(10);
    private static final int SAMPLES = (int) (KEPT.toMillis() / INTERVAL.toMillis());
    private static final int RECENT_HANDLINGS = 20_000;

    /** One sample of a consumer: when, its position, its lag (messages at most) and what it processed per second. */
    public record Sample(Instant time, long position, long lag, double perSecond) {
    }

    /** A message a consumer handled: who, when it was done, and how long the handlers took. */
    public record Handling(String consumer, String category, Instant at, long micros) {
    }

    /** A failure a consumer is retrying now. */
    public record Retrying(UUID messageId, String stream, int attempt, String error) {
    }

    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private final Map<UUID, List<Handling>> recent = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, List<Handling>> eldest) {
            return size() > RECENT_HANDLINGS;
        }
    };
    private Microlith microlith;
    private ScheduledExecutorService sampler;

    /** Per consumer, fed by its listener. */
    private final class Watched implements ConsumerListener {
        final String category;
        final String name;
        final LongAdder processed = new LongAdder();
        final AtomicReference<Retrying> retrying = new AtomicReference<>();
        final ArrayDeque<Sample> samples = new ArrayDeque<>();
        long lastProcessed;

        Watched(String category, String name) {
            this.category = category;
            this.name = name;
        }

        @Override
        public void batchProcessed(long position, int messages) {
            processed.add(messages);
        }

        @Override
        public void handled(Message message, Duration took) {
            retrying.set(null);
            Handling handling = new Handling(name, category, Instant.now(), took.toNanos() / 1_000);
            synchronized (recent) {
                recent.computeIfAbsent(message.id(), id -> new ArrayList<>(1)).add(handling);
            }
        }

        @Override
        public void retrying(Message message, int attempt, Throwable failure) {
            retrying.set(new Retrying(message.id(), message.streamName().value(), attempt, failure.toString()));
        }

        @Override
        public void parked(ParkedMessage parked) {
            retrying.set(null);
        }
    }

    @Override
    public ConsumerListener listenerFor(String category, String name) {
        return watched.computeIfAbsent(key(category, name), k -> new Watched(category, name));
    }

    /** The monitor samples the consumers of {@code microlith}; call before it starts. */
    void watch(Microlith microlith) {
        this.microlith = microlith;
    }

    static String key(String category, String name) {
        return category + "/" + name;
    }

    /** The failure the consumer is retrying now, if it is. */
    public Optional<Retrying> retrying(Consumer consumer) {
        Watched w = watched.get(key(consumer.category(), consumer.name()));
        return w == null ? Optional.empty() : Optional.ofNullable(w.retrying.get());
    }

    /** The consumer's samples, oldest first: up to the last {@link #KEPT}. */
    public List<Sample> history(Consumer consumer) {
        Watched w = watched.get(key(consumer.category(), consumer.name()));
        if (w == null) {
            return List.of();
        }
        synchronized (w.samples) {
            return List.copyOf(w.samples);
        }
    }

    /** Who handled the message, when, among the last {@value #RECENT_HANDLINGS} handled here; empty when unknown. */
    public List<Handling> handlings(UUID messageId) {
        synchronized (recent) {
            return List.copyOf(recent.getOrDefault(messageId, List.of()));
        }
    }

    @Override
    public synchronized ConsumerMonitor start() {
        if (sampler == null && microlith != null) {
            sampler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("admin-consumer-sampler").factory());
            sampler.scheduleAtFixedRate(this::sample, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    @Override
    public synchronized void stop() {
        if (sampler != null) {
            sampler.shutdownNow();
            sampler = null;
        }
    }

    @Override
    public List<Consumer> consumers() {
        return List.of(); // it watches consumers; it runs none
    }

    private void sample() {
        try {
            Instant now = Instant.now();
            for (Consumer consumer : microlith.consumers()) {
                Watched w = watched.get(key(consumer.category(), consumer.name()));
                if (w != null) {
                    long processed = w.processed.sum();
                    double perSecond = (processed - w.lastProcessed) * 1000.0 / INTERVAL.toMillis();
                    w.lastProcessed = processed;
                    long lag = ConsumerLag.measure(microlith.store(), consumer).pendingAtMost();
                    synchronized (w.samples) {
                        if (w.samples.size() == SAMPLES) {
                            w.samples.removeFirst();
                        }
                        w.samples.addLast(new Sample(now, consumer.position(), lag, perSecond));
                    }
                }
            }
        } catch (RuntimeException e) {
            // the store may be closing, or briefly failing: the next tick tries again
            LOG.debug("Sampling the consumers failed", e);
        }
    }
}
