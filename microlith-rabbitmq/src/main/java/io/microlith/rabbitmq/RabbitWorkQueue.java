package io.microlith.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.microlith.consumer.Consumer;
import io.microlith.consumer.MessageHandling;
import io.microlith.message.Message;
import io.microlith.message.MessageJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Competing consumers: one durable queue, {@code <exchange>.<category>.<name>.work}, bound to the category (or to
 * topic patterns), from which every process running a work queue of the same name takes the next message, one at a
 * time each ({@code prefetch} 1), so work goes to whoever is free.
 *
 * <p>No order between messages, not even of one stream, and no deduplication: a message is acknowledged once
 * handled (or parked), and one whose process dies first goes to another process. Use it for independent jobs whose
 * handlers are idempotent (sending an e-mail keyed by the message id); use {@link RabbitConsumer} when order matters.
 * Failures are retried and parked as in every consumer ({@code <category>:parked-<name>}).
 */
public final class RabbitWorkQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitWorkQueue.class);

    private final RabbitTransport transport;
    private final MessageHandling handling;
    private final String queue;
    private final List<String> patterns;
    private final AtomicLong handled = new AtomicLong();
    private Channel channel;

    private RabbitWorkQueue(Builder b) {
        this.transport = b.transport;
        this.handling = b.handlers.buildHandling();
        this.queue = transport.exchange() + "." + b.handlers.category() + "." + b.handlers.name() + ".work";
        this.patterns = b.patterns.isEmpty() ? List.of(b.handlers.category() + ".*") : List.copyOf(b.patterns);
    }

    static Builder builder(RabbitTransport transport, Consumer.Builder handlers) {
        return new Builder(transport, handlers);
    }

    /** Declares and binds the queue (idempotent) and starts taking from it. */
    public synchronized RabbitWorkQueue start() {
        try {
            channel = transport.channel();
            channel.queueDeclare(queue, true, false, false, Map.of());
            for (String pattern : patterns) {
                channel.queueBind(queue, transport.exchange(), pattern + ".*");
            }
            channel.basicQos(1);
            channel.basicConsume(queue, false, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                                           byte[] body) throws IOException {
                    deliver(getChannel(), envelope, body);
                }
            });
        } catch (IOException e) {
            throw new RabbitUnavailableException("Cannot consume " + queue + ": " + e, e);
        }
        return this;
    }

    private void deliver(Channel channel, Envelope envelope, byte[] body) throws IOException {
        Message message;
        try {
            message = MessageJson.read(new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            LOG.error("Work queue {} drops a delivery that is not a stored message: {}", queue, e.getMessage());
            channel.basicReject(envelope.getDeliveryTag(), false);
            return;
        }
        MessageHandling.Outcome outcome = handling.handle(message);
        if (outcome == MessageHandling.Outcome.ABANDONED) {
            return;
        }
        if (outcome == MessageHandling.Outcome.HANDLED) {
            handled.incrementAndGet();
        }
        channel.basicAck(envelope.getDeliveryTag(), false);
    }

    /** The name of the queue (durable: it outlives the process). */
    public String queue() {
        return queue;
    }

    /** Messages handled by this process. */
    public long handled() {
        return handled.get();
    }

    /** Stops taking messages; an unacknowledged one goes back to the queue. */
    @Override
    public synchronized void close() {
        handling.close();
        try {
            if (channel != null && channel.isOpen()) {
                channel.close();
            }
        } catch (Exception e) {
            LOG.debug("Closing work queue {} failed", queue, e);
        }
    }

    /** Configures a {@link RabbitWorkQueue}. */
    public static final class Builder {
        private final RabbitTransport transport;
        private final Consumer.Builder handlers;
        private final List<String> patterns = new ArrayList<>();

        private Builder(RabbitTransport transport, Consumer.Builder handlers) {
            this.transport = Objects.requireNonNull(transport, "transport");
            this.handlers = Objects.requireNonNull(handlers, "handlers");
        }

        /** Topic patterns over {@code <category>.<type>}, as {@link RabbitConsumer.Builder#bind(String...)}. */
        public Builder bind(String... patterns) {
            for (String pattern : patterns) {
                this.patterns.add(Slots.requirePattern(pattern));
            }
            return this;
        }

        public RabbitWorkQueue build() {
            return new RabbitWorkQueue(this);
        }

        public RabbitWorkQueue start() {
            return build().start();
        }
    }
}
