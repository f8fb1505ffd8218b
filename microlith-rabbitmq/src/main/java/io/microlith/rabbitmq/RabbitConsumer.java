package io.microlith.rabbitmq;

import com.rabbitmq.client.Channel;
import io.microlith.consumer.BrokerTransport;
import io.microlith.consumer.Consumer;
import io.microlith.consumer.LanePositions;
import io.microlith.consumer.MessageHandling;
import io.microlith.consumer.ParkedMessage;
import io.microlith.store.Hash64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Receives a category from RabbitMQ instead of reading the store, keeping each stream in order, with deduplication
 * by global position, spread over every process that runs a consumer of the same name.
 *
 * <pre>{@code
 * RabbitConsumer balances = rabbit.consumer(Consumer.builder(store, "account", "balances")
 *         .handle(Deposited.class, deposited -> ...))      // handlers, types, retry and hold-back as for a Consumer
 *         .lanes(8)
 *         .start();
 * }</pre>
 *
 * <p><b>Lanes.</b> The consumer has {@code lanes} durable queues, {@code <exchange>.<category>.<name>.lane-<n>}, each
 * with a <em>single active consumer</em>. The relay's routing key ends with the stream's slot (message-db's hash of
 * the cardinal id, modulo {@value Slots#COUNT}); lane {@code n} is bound to the slots {@code s} with
 * {@code s % lanes == n}. Every message of a stream therefore reaches one queue, in the order the relay published it,
 * and one process at a time takes from that queue.
 *
 * <p><b>Processes.</b> Each running consumer of a name is a member; members hear each other through heartbeats
 * ({@code heartbeat}, gone after {@code memberTimeout} of silence, or at once after a clean stop) and each lane goes to
 * one member by rendezvous hashing, so a member that joins takes about its share of lanes and one that leaves hands
 * its lanes to the others. A lane changes hands between two messages: the old owner lets go after the message in
 * hand, its unacknowledged messages go back to the queue, and the single-active-consumer rule keeps the new owner
 * waiting until the old one has let go, so order holds through a rebalance.
 *
 * <p><b>Deduplication.</b> Delivery is at least once (a relay re-sends after a crash; a queue redelivers what a
 * stopped or crashed owner had not acknowledged). Each lane's last processed global position is kept in the store
 * ({@link LanePositions}, saved before each acknowledgement), and a message at or below it is acknowledged without
 * being handled. So a handler sees each message once, except when a process dies between handling a message and
 * saving its lane's position: then that one message is handled again, and handlers stay idempotent as for every
 * consumer.
 *
 * <p><b>Failures</b> are the store consumers' ({@link MessageHandling}): retried with backoff, then parked in
 * {@code <category>:parked-<name>} (holding an event stream back, in this process), and the lane goes on.
 *
 * <p><b>Topics and routing.</b> By default the lanes are bound to every type of the category
 * ({@code <category>.*}); {@link Builder#bind(String...)} takes topic patterns over {@code <category>.<type>} instead,
 * e.g. {@code product.ProductCreated} (routing) or {@code *.OrderPlaced} (a topic over categories). Every consumer
 * name gets every message it is bound to (publish/subscribe); competing consumers are {@link RabbitWorkQueue}.
 */
public final class RabbitConsumer implements BrokerTransport.Delivery {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitConsumer.class);

    private final RabbitTransport transport;
    private final MessageHandling handling;
    private final LanePositions positions;
    private final String prefix;
    private final int laneCount;
    private final int prefetch;
    private final List<String> patterns;
    private final boolean live;
    private final Duration heartbeat;
    private final Duration memberTimeout;
    private final String member = UUID.randomUUID().toString();
    private final Map<Integer, Lane> owned = new TreeMap<>();
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private Membership membership;
    private boolean closed;

    private RabbitConsumer(Builder b) {
        this.transport = b.transport;
        this.handling = b.handlers.buildHandling();
        this.positions = LanePositions.inStore(b.handlers.store(), b.handlers.category(), b.handlers.name());
        this.prefix = transport.exchange() + "." + b.handlers.category() + "." + b.handlers.name();
        this.laneCount = b.lanes;
        this.prefetch = b.prefetch;
        this.patterns = b.patterns.isEmpty() ? List.of(b.handlers.category() + ".*") : List.copyOf(b.patterns);
        this.live = b.live;
        this.heartbeat = b.heartbeat;
        this.memberTimeout = b.memberTimeout;
    }

    static Builder builder(RabbitTransport transport, Consumer.Builder handlers) {
        return new Builder(transport, handlers);
    }

    /**
     * Declares the lanes and their bindings (idempotent), joins the members and starts consuming this process's
     * lanes.
     *
     * @throws RabbitUnavailableException when the broker refuses a declaration
     */
    public synchronized RabbitConsumer start() {
        if (membership != null || closed) {
            throw new IllegalStateException("Consumer " + handling.name() + " was started before");
        }
        declare();
        membership = new Membership(transport, prefix + ".members", member, heartbeat, memberTimeout,
                this::rebalance);
        rebalance();
        return this;
    }

    private void declare() {
        try (Channel channel = transport.channel()) {
            for (int lane = 0; lane < laneCount; lane++) {
                String queue = queue(lane);
                channel.queueDeclare(queue, true, false, false, Map.of("x-single-active-consumer", true));
                for (int slot = lane; slot < Slots.COUNT; slot += laneCount) {
                    channel.queueBind(queue, transport.exchange(),
                            Slots.replayPrefix(handling.name() + "@" + handling.category()) + ".*." + slot);
                    if (live) {
                        for (String pattern : patterns) {
                            channel.queueBind(queue, transport.exchange(), pattern + "." + slot);
                        }
                    }
                }
            }
        } catch (IOException | java.util.concurrent.TimeoutException e) {
            throw new RabbitUnavailableException("Cannot declare the lanes of " + prefix + ": " + e, e);
        }
    }

    /** Takes the lanes this member owns now and lets go of the others. */
    private synchronized void rebalance() {
        if (closed || membership == null) {
            return;
        }
        Set<String> members = membership.members();
        Set<Integer> mine = new TreeSet<>();
        for (int lane = 0; lane < laneCount; lane++) {
            if (owner(lane, members).equals(member)) {
                mine.add(lane);
            }
        }
        for (Integer lane : List.copyOf(owned.keySet())) {
            if (!mine.contains(lane)) {
                owned.remove(lane).close();
            }
        }
        for (Integer lane : mine) {
            if (!owned.containsKey(lane)) {
                Lane taken = new Lane(lane, queue(lane), handling, positions, handled, duplicates);
                try {
                    taken.open(transport, prefetch);
                } catch (IOException e) {
                    throw new RabbitUnavailableException("Cannot consume " + queue(lane) + ": " + e, e);
                }
                owned.put(lane, taken);
            }
        }
        LOG.debug("Consumer {} member {} owns lanes {}", prefix, member, mine);
    }

    /** Rendezvous hashing: the member with the highest hash for the lane owns it. */
    private static String owner(int lane, Set<String> members) {
        String best = null;
        long bestHash = Long.MIN_VALUE;
        for (String candidate : members) {
            long hash = Hash64.of(candidate + "/" + lane);
            if (best == null || hash > bestHash) {
                best = candidate;
                bestHash = hash;
            }
        }
        return best;
    }

    private String queue(int lane) {
        return prefix + ".lane-" + lane;
    }

    /** The names of the consumer's queues, lane 0 first (they outlive the process: they are durable). */
    public List<String> queues() {
        List<String> queues = new ArrayList<>(laneCount);
        for (int lane = 0; lane < laneCount; lane++) {
            queues.add(queue(lane));
        }
        return queues;
    }

    /** The lanes this process consumes now. */
    public synchronized Set<Integer> lanes() {
        return Set.copyOf(owned.keySet());
    }

    /** Messages handled by this process (not counting duplicates dropped or messages parked). */
    public long handled() {
        return handled.get();
    }

    /** Deliveries dropped by deduplication in this process. */
    public long duplicatesDropped() {
        return duplicates.get();
    }

    /** Messages parked under this consumer's name (as this process knows them). */
    public List<ParkedMessage> parked() {
        return handling.parked();
    }

    /**
     * Handles a parked message again, then the rest of its stream that was held back behind it (read from the store:
     * the broker's copies were dropped while the stream was held), and lifts the hold; see
     * {@link MessageHandling#replay(java.util.UUID)}.
     */
    public void replay(java.util.UUID messageId) {
        handling.replay(messageId);
    }

    /** Gives up on a parked message, then handles the rest of its stream as {@link #replay} does. */
    public void skip(java.util.UUID messageId) {
        handling.skip(messageId);
    }

    /** The name replays address: {@code <name>@<category>} (see {@link RabbitRelay.Builder#toConsumer(String)}). */
    public String replayAddress() {
        return handling.name() + "@" + handling.category();
    }

    /**
     * Stops: a message in retry is abandoned, the message in hand finished, unacknowledged messages go back to their
     * queues, and the other members take the lanes over at once.
     */
    @Override
    public void close() {
        handling.close();
        List<Lane> lanes;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            lanes = new ArrayList<>(owned.values());
            owned.clear();
        }
        lanes.forEach(Lane::close);
        if (membership != null) {
            membership.close();
        }
    }

    /** Configures a {@link RabbitConsumer}. */
    public static final class Builder {
        private final RabbitTransport transport;
        private final Consumer.Builder handlers;
        private int lanes = 8;
        private int prefetch = 100;
        private final List<String> patterns = new ArrayList<>();
        private boolean live = true;
        private Duration heartbeat = Duration.ofSeconds(1);
        private Duration memberTimeout = Duration.ofSeconds(5);

        private Builder(RabbitTransport transport, Consumer.Builder handlers) {
            this.transport = Objects.requireNonNull(transport, "transport");
            this.handlers = Objects.requireNonNull(handlers, "handlers");
        }

        /**
         * How many queues share the category (at most {@value Slots#COUNT}): the most processes that can work at once.
         * Default 8. Fixed for a name: bindings are made from it.
         */
        public Builder lanes(int lanes) {
            if (lanes < 1 || lanes > Slots.COUNT) {
                throw new IllegalArgumentException("Lanes are between 1 and " + Slots.COUNT + ", was " + lanes);
            }
            this.lanes = lanes;
            return this;
        }

        /** How many unacknowledged messages a lane may hold; default 100. */
        public Builder prefetch(int messages) {
            if (messages < 1) {
                throw new IllegalArgumentException("Prefetch must be at least 1, was " + messages);
            }
            this.prefetch = messages;
            return this;
        }

        /**
         * Binds the lanes to topic patterns over {@code <category>.<type>} (two words, {@code *} for any one) instead
         * of the whole category: {@code product.ProductCreated}, {@code product.*}, {@code *.OrderPlaced}.
         */
        public Builder bind(String... patterns) {
            for (String pattern : patterns) {
                this.patterns.add(Slots.requirePattern(pattern));
            }
            return this;
        }

        /**
         * Whether the lanes receive what the relay publishes live (default true). A consumer that is not live
         * receives only replays addressed to it: to build a projection from the store's history.
         */
        public Builder live(boolean live) {
            this.live = live;
            return this;
        }

        /** How often members say they are alive (default 1 s) and after what silence one counts as gone (5 s). */
        public Builder membership(Duration heartbeat, Duration memberTimeout) {
            if (heartbeat.isNegative() || heartbeat.isZero() || memberTimeout.compareTo(heartbeat) <= 0) {
                throw new IllegalArgumentException("Expected 0 < heartbeat < member timeout but was " + heartbeat
                        + " and " + memberTimeout);
            }
            this.heartbeat = heartbeat;
            this.memberTimeout = memberTimeout;
            return this;
        }

        public RabbitConsumer build() {
            return new RabbitConsumer(this);
        }

        /** Builds and starts. */
        public RabbitConsumer start() {
            return build().start();
        }
    }
}
