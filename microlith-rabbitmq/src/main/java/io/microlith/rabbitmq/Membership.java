package io.microlith.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Who else runs a {@link RabbitConsumer} of the same name: each member publishes a heartbeat to a fanout exchange
 * every {@code heartbeat} and hears everyone's; a member not heard for {@code timeout} has left (a clean stop says so
 * at once). {@code onChange} runs whenever the set of members changes, on the membership's thread.
 */
final class Membership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    private static final String BEAT = "beat";
    private static final String LEAVE = "leave";

    private final RabbitTransport transport;
    private final String exchange;
    private final String self;
    private final Duration timeout;
    private final Runnable onChange;
    private final Map<String, Long> lastHeard = new ConcurrentHashMap<>();
    private final ScheduledExecutorService beats;
    private volatile Set<String> members;
    private Channel channel;

    Membership(RabbitTransport transport, String exchange, String self, Duration heartbeat, Duration timeout,
               Runnable onChange) {
        this.transport = transport;
        this.exchange = exchange;
        this.self = self;
        this.timeout = timeout;
        this.onChange = onChange;
        this.members = Set.of(self);
        this.beats = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("membership-" + self)
                .factory());
        this.lastHeard.put(self, System.nanoTime());
        start(heartbeat);
    }

    private void start(Duration heartbeat) {
        try {
            channel = transport.channel();
            channel.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT, false, true, null);
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, exchange, "");
            channel.basicConsume(queue, true, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                    heard(new String(body, StandardCharsets.UTF_8), properties.getType());
                }
            });
        } catch (IOException e) {
            throw new RabbitUnavailableException("Cannot join the members of " + exchange + ": " + e, e);
        }
        beats.scheduleWithFixedDelay(this::tick, 0, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The members alive now, this one included, sorted. */
    Set<String> members() {
        return members;
    }

    private void heard(String member, String kind) {
        if (LEAVE.equals(kind)) {
            lastHeard.remove(member);
        } else {
            lastHeard.put(member, System.nanoTime());
        }
        if (!beats.isShutdown()) { // a heartbeat may still arrive while this member closes
            beats.execute(this::recompute);
        }
    }

    private void tick() {
        try {
            send(BEAT);
        } catch (RuntimeException e) {
            LOG.warn("Member {} could not send its heartbeat", self, e);
        }
        lastHeard.put(self, System.nanoTime());
        recompute();
    }

    private void recompute() {
        long now = System.nanoTime();
        lastHeard.entrySet().removeIf(e -> !e.getKey().equals(self) && now - e.getValue() > timeout.toNanos());
        Set<String> alive = new TreeSet<>(lastHeard.keySet());
        alive.add(self);
        if (!alive.equals(members)) {
            members = Set.copyOf(alive);
            LOG.info("Members of {} are now {}", exchange, alive);
            try {
                onChange.run();
            } catch (RuntimeException e) {
                LOG.warn("Rebalancing {} failed; trying again at the next heartbeat", exchange, e);
                members = Set.of();
            }
        }
    }

    private synchronized void send(String kind) {
        try {
            channel.basicPublish(exchange, "", new AMQP.BasicProperties.Builder().type(kind).build(),
                    self.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new RabbitUnavailableException("Cannot send a " + kind + " to " + exchange + ": " + e, e);
        }
    }

    /** Says goodbye (so that the others take over at once) and stops hearing. */
    @Override
    public void close() {
        beats.shutdownNow();
        try {
            beats.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            send(LEAVE);
            channel.close();
        } catch (Exception e) {
            LOG.debug("Leaving {} failed", exchange, e);
        }
    }
}
