package io.microlith.http.live;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fans view changes out to live subscribers, each of whom sees only the events of its audience
 * (for example the user who owns an order).
 *
 * <p>{@link #publish} never blocks: each subscriber has a bounded queue drained by its own virtual
 * thread, so one slow client cannot hold up the publisher (an aggregator) or other clients. A
 * subscriber whose queue is full is disconnected ("too slow") rather than silently skipped, so a
 * client never believes it is up to date when it is not; it reconnects and re-reads the view.
 * Events published while nobody of an audience listens are dropped: live channels are hints on
 * top of the views, not a log.
 */
public final class LiveFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

    private final int queueCapacity;
    private final Map<String, Set<Subscription>> byAudience = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeats;
    private volatile boolean closed;

    /** A feed with queues of 1,024 events and a heartbeat every 20 seconds. */
    public LiveFeed() {
        this(1024, Duration.ofSeconds(20));
    }

    public LiveFeed(int queueCapacity, Duration heartbeatEvery) {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, was " + queueCapacity);
        }
        this.queueCapacity = queueCapacity;
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("live-heartbeat").factory());
        long every = heartbeatEvery.toMillis();
        heartbeats.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts delivering the events of {@code audience} to {@code sink}, in publish order.
     *
     * @return the subscription; close it when the connection closes (closing twice does nothing)
     */
    public Subscription subscribe(String audience, LiveSink sink) {
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("A live subscription needs an audience");
        }
        if (closed) {
            throw new IllegalStateException("This live feed is closed");
        }
        Subscription subscription = new Subscription(audience, sink);
        byAudience.computeIfAbsent(audience, a -> ConcurrentHashMap.newKeySet()).add(subscription);
        subscription.start();
        return subscription;
    }

    /** Queues {@code event} for every subscriber of {@code audience}; returns how many it reached. */
    public int publish(String audience, LiveEvent event) {
        Set<Subscription> subscribers = byAudience.get(audience);
        if (subscribers == null) {
            return 0;
        }
        int reached = 0;
        for (Subscription subscription : subscribers) {
            if (subscription.offer(event)) {
                reached++;
            }
        }
        return reached;
    }

    /** Whether anyone of {@code audience} listens: publishers may skip building events nobody would get. */
    public boolean hasSubscribers(String audience) {
        Set<Subscription> subscribers = byAudience.get(audience);
        return subscribers != null && !subscribers.isEmpty();
    }

    /** How many subscriptions are open, across all audiences. */
    public int subscriberCount() {
        return byAudience.values().stream().mapToInt(Set::size).sum();
    }

    /** Closes every subscription and stops the heartbeat. */
    @Override
    public void close() {
        closed = true;
        heartbeats.shutdownNow();
        byAudience.values().forEach(set -> set.forEach(s -> s.end("server shutting down")));
    }

    private void beat() {
        byAudience.values().forEach(set -> set.forEach(Subscription::queueHeartbeat));
    }

    /** One subscriber's queue and delivery thread. */
    public final class Subscription implements AutoCloseable {
        private static final LiveEvent HEARTBEAT = new LiveEvent("heartbeat", null, Map.of());

        private final String audience;
        private final LiveSink sink;
        private final BlockingQueue<LiveEvent> queue = new ArrayBlockingQueue<>(queueCapacity + 1);
        private final AtomicBoolean ended = new AtomicBoolean();
        private Thread sender;

        private Subscription(String audience, LiveSink sink) {
            this.audience = audience;
            this.sink = sink;
        }

        public String audience() {
            return audience;
        }

        private void start() {
            sender = Thread.ofVirtual().name("live-" + audience).start(this::deliver);
        }

        private boolean offer(LiveEvent event) {
            if (ended.get()) {
                return false;
            }
            // One slot is kept for heartbeats; a full queue means the client does not keep up.
            if (queue.remainingCapacity() <= 1 || !queue.offer(event)) {
                end("too slow: more than " + queueCapacity + " events pending");
                return false;
            }
            return true;
        }

        private void queueHeartbeat() {
            if (queue.isEmpty()) {
                queue.offer(HEARTBEAT);
            }
        }

        private void deliver() {
            try {
                while (!ended.get()) {
                    LiveEvent event = queue.take();
                    if (event == HEARTBEAT) {
                        sink.heartbeat();
                    } else {
                        sink.send(event);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.debug("Live subscriber of {} gone: {}", audience, e.toString());
                end("send failed");
            }
        }

        private void end(String reason) {
            if (ended.compareAndSet(false, true)) {
                Set<Subscription> set = byAudience.get(audience);
                if (set != null) {
                    set.remove(this);
                    byAudience.computeIfPresent(audience, (a, s) -> s.isEmpty() ? null : s);
                }
                if (sender != null && sender != Thread.currentThread()) {
                    sender.interrupt();
                }
                try {
                    sink.close(reason);
                } catch (RuntimeException e) {
                    LOG.debug("Closing a live subscriber of {} failed: {}", audience, e.toString());
                }
            }
        }

        /** Stops delivery (the connection closed). */
        @Override
        public void close() {
            end("closed");
        }
    }
}
