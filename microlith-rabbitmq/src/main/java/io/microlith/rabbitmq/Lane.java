package io.microlith.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.microlith.consumer.LanePositions;
import io.microlith.consumer.MessageHandling;
import io.microlith.message.Message;
import io.microlith.message.MessageJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One queue of a {@link RabbitConsumer} while this process consumes it: a channel of its own (the client delivers a
 * channel's messages one after the other, so the queue's order is kept), each message deduplicated by
 * {@link LanePositions}, handled by the consumer's {@link MessageHandling}, its position saved, then acknowledged.
 * A message is acknowledged only once handled (or parked, or found to be a duplicate), so a lane closed mid-way hands
 * its unacknowledged messages back to the queue, marked redelivered, for the next owner.
 */
final class Lane {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitConsumer.class);

    private final int index;
    private final String queue;
    private final MessageHandling handling;
    private final LanePositions positions;
    private final AtomicLong handled;
    private final AtomicLong duplicates;
    private volatile boolean stopping;
    /** Held while a message is handled: a lane lets go of its queue only between two messages. */
    private final ReentrantLock delivering = new ReentrantLock();
    private Channel channel;

    Lane(int index, String queue, MessageHandling handling, LanePositions positions, AtomicLong handled,
         AtomicLong duplicates) {
        this.index = index;
        this.queue = queue;
        this.handling = handling;
        this.positions = positions;
        this.handled = handled;
        this.duplicates = duplicates;
    }

    /** Consumes the queue as its single active consumer (or stands by until the current one lets go). */
    void open(RabbitTransport transport, int prefetch) throws IOException {
        positions.forget(index);
        channel = transport.channel();
        channel.basicQos(prefetch);
        channel.basicConsume(queue, false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                    throws IOException {
                delivering.lock();
                try {
                    deliver(getChannel(), envelope, properties, body);
                } finally {
                    delivering.unlock();
                }
            }
        });
    }

    private void deliver(Channel channel, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
            throws IOException {
        if (stopping) {
            return; // not acknowledged: back to the queue when the channel closes
        }
        Message message;
        try {
            message = MessageJson.read(new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            LOG.error("Lane {} drops a delivery that is not a stored message (routing key {}): {}", queue,
                    envelope.getRoutingKey(), e.getMessage());
            channel.basicReject(envelope.getDeliveryTag(), false);
            return;
        }
        if (!positions.isNew(index, message, envelope.isRedeliver() || Headers.resent(properties))) {
            duplicates.incrementAndGet();
            channel.basicAck(envelope.getDeliveryTag(), false);
            return;
        }
        MessageHandling.Outcome outcome = handling.handle(message);
        if (outcome == MessageHandling.Outcome.ABANDONED) {
            return;
        }
        try {
            positions.processed(index, message.globalPosition());
        } catch (RuntimeException e) {
            // the store failed: hand the message back, to be handled (idempotently) again
            LOG.warn("Lane {} could not save its position {}; the message goes back to the queue", queue,
                    message.globalPosition(), e);
            RabbitTransport.sleep(java.time.Duration.ofMillis(500));
            channel.basicNack(envelope.getDeliveryTag(), false, true);
            return;
        }
        if (outcome == MessageHandling.Outcome.HANDLED) {
            handled.incrementAndGet();
        }
        channel.basicAck(envelope.getDeliveryTag(), false);
    }

    int index() {
        return index;
    }

    /** Stops taking messages; what was delivered and not acknowledged goes back to the queue. */
    void close() {
        stopping = true;
        delivering.lock(); // the message in hand is finished (or abandoned, when the consumer stops) first
        try {
            if (channel != null && channel.isOpen()) {
                channel.close();
            }
        } catch (Exception e) {
            LOG.debug("Closing lane {} failed", queue, e);
        } finally {
            delivering.unlock();
        }
        positions.forget(index);
    }
}
