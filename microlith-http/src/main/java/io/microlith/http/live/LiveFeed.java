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
 *
 * <p>Each subscription also has a <em>key</em> that groups the connections to close together, typically the
 * session they were opened with: {@link #disconnect(String)} closes them all (on logout, so that streams opened
 * before it stop delivering the user's events). {@link #retire(String, String)} does the same and also refuses the key
 * from then on, for keys never used again (a session): a stream whose request was admitted just before the logout
 * but subscribes just after it is closed too, instead of delivering the user's events after the logout.
 *
 * <p>A subscription may name its <em>client</em> (an address): one client holds at most {@link #maxStreamsPerClient()}
 * streams at once (32 unless configured), so that it cannot take every connection and thread of the server.
 */
public final class LiveFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    /** How many retired keys are remembered (the oldest are forgotten first): bounds memory under any logout rate. */
    static final int RETIRED_KEYS_KEPT = 65_536;

    /** How many streams one client may hold open unless configured. */
    public static final int DEFAULT_MAX_STREAMS_PER_CLIENT = 32;

    private final int queueCapacity;
    private final StreamsPerClient perClient;
    private final Map<String, Set<Subscription>> byAudience = new ConcurrentHashMap<>();
    private final Map<String, Set<Subscription>> byKey = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeats;
    private final RetiredKeys retired = new RetiredKeys(RETIRED_KEYS_KEPT);
    private volatile boolean closed;

    /** A feed with queues of 1,024 events, a heartbeat every 20 seconds and 32 streams per client. */
    public LiveFeed() {
        this(1024, Duration.ofSeconds(20));
    }

    /** A feed with {@value #DEFAULT_MAX_STREAMS_PER_CLIENT} streams per client. */
    public LiveFeed(int queueCapacity, Duration heartbeatEvery) {
        this(queueCapacity, heartbeatEvery, DEFAULT_MAX_STREAMS_PER_CLIENT);
    }

    /**
     * @param queueCapacity       events queued per subscriber before it is disconnected as too slow; at least 1
     * @param heartbeatEvery      how often an idle subscriber gets a heartbeat
     * @param maxStreamsPerClient streams one client may hold open at once; at least 1
     */
    public LiveFeed(int queueCapacity, Duration heartbeatEvery, int maxStreamsPerClient) {
        this.perClient = new StreamsPerClient(maxStreamsPerClient);
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, was " + queueCapacity);
        }
        this.queueCapacity = queueCapacity;
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("live-heartbeat").factory());
        long every = heartbeatEvery.toMillis();
        heartbeats.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /** {@link #subscribe(String, String, LiveSink)} with the audience as the key. */
    public Subscription subscribe(String audience, LiveSink sink) {
        return subscribe(audience, audience, sink);
    }

    /**
     * Starts delivering the events of {@code audience} to {@code sink}, in publish order, until the subscription is
     * closed or {@link #disconnect disconnected} by {@code key}.
     *
     * @param key groups subscriptions to close together (e.g. a session); {@code null} means the audience
     * @return the subscription; close it when the connection closes (closing twice does nothing)
     */
    public Subscription subscribe(String audience, String key, LiveSink sink) {
        return subscribe(audience, key, null, sink);
    }

    /**
     * {@link #subscribe(String, String, LiveSink)} counted against {@code client}'s streams until it is closed.
     *
     * @param client the client's address; {@code null}: not counted
     * @throws TooManyLiveStreamsException when the client holds {@link #maxStreamsPerClient()} streams already
     */
    public Subscription subscribe(String audience, String key, String client, LiveSink sink) {
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("A live subscription needs an audience");
        }
        if (closed) {
            throw new IllegalStateException("This live feed is closed");
        }
        if (client != null) {
            perClient.open(client);
        }
        Subscription subscription = new Subscription(audience, key == null || key.isBlank() ? audience : key, client, sink);
        String retiredFor;
        // Indexed and checked under the retired keys' lock, which retire() also takes: a subscription either sees its
        // key retired or is found by retire()'s disconnect, never neither.
        synchronized (retired) {
            index(byAudience, audience, subscription);
            index(byKey, subscription.key, subscription);
            retiredFor = retired.reasonFor(subscription.key);
        }
        if (retiredFor != null) {
            subscription.end(retiredFor); // closed before it has a sender: nothing to deliver
        } else {
            subscription.start();
        }
        return subscription;
    }

    /**
     * {@link #disconnect(String, String) Disconnects} {@code key} and refuses it from now on: a subscription opened
     * with it later is closed at once with {@code reason}. For keys that are never used again, such as a session on
     * logout: a stream whose request was admitted before the logout but subscribes after it is closed too. The last
     * {@value #RETIRED_KEYS_KEPT} retired keys are remembered; older ones are forgotten.
     *
     * @return how many open subscriptions were closed
     */
    public int retire(String key, String reason) {
        if (key == null) {
            return 0;
        }
        synchronized (retired) {
            retired.add(key, reason);
        }
        return disconnect(key, reason);
    }

    /**
     * Closes every subscription opened with {@code key} (each connection is closed, telling the client
     * {@code reason} when the protocol allows). Subscriptions opened with that key afterwards are not affected: the
     * caller makes sure the key no longer opens any (a logged-out session no longer authenticates).
     *
     * @return how many were closed; 0 when none is open with that key
     */
    public int disconnect(String key, String reason) {
        Set<Subscription> subscriptions = key == null ? null : byKey.get(key);
        if (subscriptions == null) {
            return 0;
        }
        int closedNow = 0;
        for (Subscription subscription : subscriptions) {
            if (subscription.end(reason)) {
                closedNow++;
            }
        }
        return closedNow;
    }

    /** Adds to the set of {@code name} inside the map's lock for it, so that a concurrent last removal cannot orphan it. */
    private static void index(Map<String, Set<Subscription>> index, String name, Subscription subscription) {
        index.compute(name, (n, set) -> {
            Set<Subscription> subscriptions = set == null ? ConcurrentHashMap.newKeySet() : set;
            subscriptions.add(subscription);
            return subscriptions;
        });
    }

    /** {@link #disconnect(String, String)} with the reason {@code disconnected}. */
    public int disconnect(String key) {
        return disconnect(key, "disconnected");
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

    /** How many streams one client may hold open at once. */
    public int maxStreamsPerClient() {
        return perClient.max();
    }

    /** How many streams {@code client} holds open now. */
    public int streamsOpenBy(String client) {
        return perClient.openBy(client);
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
        private final String key;
        private final String client;
        private final LiveSink sink;
        private final BlockingQueue<LiveEvent> queue = new ArrayBlockingQueue<>(queueCapacity + 1);
        private final AtomicBoolean ended = new AtomicBoolean();
        private Thread sender;

        private Subscription(String audience, String key, String client, LiveSink sink) {
            this.audience = audience;
            this.key = key;
            this.client = client;
            this.sink = sink;
        }

        public String audience() {
            return audience;
        }

        /** What {@link #disconnect} closes it by. */
        public String key() {
            return key;
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

        /** @return whether this call ended it (false: it had ended before) */
        private boolean end(String reason) {
            if (ended.compareAndSet(false, true)) {
                forget(byAudience, audience);
                forget(byKey, key);
                if (client != null) {
                    perClient.release(client);
                }
                if (sender != null && sender != Thread.currentThread()) {
                    sender.interrupt();
                }
                try {
                    sink.close(reason);
                } catch (RuntimeException e) {
                    LOG.debug("Closing a live subscriber of {} failed: {}", audience, e.toString());
                }
                return true;
            }
            return false;
        }

        private void forget(Map<String, Set<Subscription>> index, String name) {
            index.computeIfPresent(name, (n, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }

        /** Stops delivery (the connection closed). */
        @Override
        public void close() {
            end("closed");
        }
    }
}
