package io.microlith.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.microlith.message.Message;
import io.microlith.message.MessageJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Hears the messages the relays publish on topic patterns while this process runs, for what is live and nothing
 * more: a page that shows new products as they come. A server-named, exclusive, auto-deleted queue of this
 * connection is bound to the patterns (over {@code <category>.<type>}, as {@link RabbitConsumer.Builder#bind}); the
 * broker deletes it when the connection closes, and the client declares it again after a recovery.
 *
 * <p>At most once, in the relay's order, no position, no deduplication: what is published while the process is away
 * or disconnected is not heard, and a relay that publishes again after a restart is heard again. Whatever must not be
 * missed is a {@link RabbitConsumer}'s work. The listener runs on the client's delivery thread: keep it quick; what it
 * throws is logged and the message dropped.
 */
public final class RabbitTopicListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitTopicListener.class);

    private final Channel channel;
    private final String queue;

    private RabbitTopicListener(Channel channel, String queue) {
        this.channel = channel;
        this.queue = queue;
    }

    static RabbitTopicListener start(RabbitTransport transport, List<String> patterns, Consumer<Message> listener) {
        Objects.requireNonNull(listener, "listener");
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("A topic listener needs at least one pattern, such as product.*");
        }
        patterns.forEach(Slots::requirePattern);
        Channel channel = transport.channel();
        try {
            String queue = channel.queueDeclare().getQueue(); // server-named, exclusive, auto-delete
            for (String pattern : patterns) {
                channel.queueBind(queue, transport.exchange(), pattern + ".*"); // any slot
            }
            channel.basicConsume(queue, true, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                    try {
                        listener.accept(MessageJson.read(new String(body, StandardCharsets.UTF_8)));
                    } catch (RuntimeException e) {
                        LOG.warn("A topic listener on {} dropped a message: {}", patterns, e.toString());
                    }
                }
            });
            return new RabbitTopicListener(channel, queue);
        } catch (IOException e) {
            throw new RabbitUnavailableException("Cannot listen to " + patterns + " on " + transport.settings().describe()
                    + ": " + e, e);
        }
    }

    /** The queue's server-given name. */
    public String queue() {
        return queue;
    }

    /** Stops hearing; the broker deletes the queue. */
    @Override
    public void close() {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
            LOG.debug("Closing a topic listener's channel failed", e);
        }
    }
}
