package io.microlith.kafka;

import io.microlith.consumer.BrokerTransport;
import io.microlith.consumer.Consumer;
import io.microlith.consumer.LanePositions;
import io.microlith.consumer.MessageHandling;
import io.microlith.consumer.ParkedMessage;
import io.microlith.message.Message;
import io.microlith.message.MessageJson;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Receives a category from its Kafka topic instead of reading the store, each stream in order, deduplicated by global
 * position, in a consumer group spread over every process that runs a consumer of the same name.
 *
 * <pre>{@code
 * kafka.consumer(Consumer.builder(store, "account", "balances").handle(Deposited.class, d -> ...)).start();
 * }</pre>
 *
 * <p><b>Order and processes.</b> The relay keys each record by its stream's cardinal id, so a stream lives in one
 * partition; the consumer group {@code <prefix>.<category>.<name>} gives each partition to one member and moves
 * partitions when a member joins or leaves (Kafka's rebalancing). Partitions change hands between two polls, after
 * the offsets of what was processed are committed.
 *
 * <p><b>Deduplication.</b> Each partition's last processed global position is kept in the store
 * ({@link LanePositions}, lane = partition, saved after each message), and a record at or below it is skipped: records
 * a relay sent again after a crash, and records after the last committed offset that the previous owner processed.
 * A handler runs twice only when its process dies between its return and that save.
 *
 * <p><b>Failures</b> are the store consumers' ({@link MessageHandling}): retried with backoff, then parked in
 * {@code <category>:parked-<name>}, and the partition goes on.
 *
 * <p>A consumer that is not {@link Builder#live(boolean) live} reads its replay topic instead of the category's:
 * what a {@link KafkaRelay.Builder#toConsumer(String) replay} sends it, to rebuild a projection.
 */
public final class KafkaCategoryConsumer implements BrokerTransport.Delivery {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCategoryConsumer.class);

    private final KafkaTransport transport;
    private final MessageHandling handling;
    private final LanePositions positions;
    private final String topic;
    private final String group;
    private final Set<Integer> assigned = ConcurrentHashMap.newKeySet();
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private volatile boolean stopping;
    private KafkaConsumer<String, String> consumer;
    private Thread thread;

    private KafkaCategoryConsumer(Builder b) {
        this.transport = b.transport;
        this.handling = b.handlers.buildHandling();
        this.positions = LanePositions.inStore(b.handlers.store(), b.handlers.category(), b.handlers.name());
        this.topic = b.live ? transport.topic(b.handlers.category())
                : transport.replayTopic(b.handlers.category(), b.handlers.name());
        this.group = transport.topic(b.handlers.category()) + "." + KafkaTransport.legal(b.handlers.name());
    }

    static Builder builder(KafkaTransport transport, Consumer.Builder handlers) {
        return new Builder(transport, handlers);
    }

    /** Creates the topic when missing, joins the group and starts consuming on a virtual thread. */
    public synchronized KafkaCategoryConsumer start() {
        if (thread != null) {
            throw new IllegalStateException("Consumer " + handling.name() + " was started before");
        }
        transport.ensureTopic(topic);
        consumer = new KafkaConsumer<>(transport.consumerProperties(group));
        thread = Thread.ofVirtual().name("kafka-consumer-" + handling.name()).start(this::run);
        return this;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    partitions.forEach(p -> {
                        assigned.remove(p.partition());
                        positions.forget(p.partition());
                    });
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    partitions.forEach(p -> {
                        positions.forget(p.partition());
                        assigned.add(p.partition());
                    });
                }
            });
            while (!stopping) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                for (TopicPartition partition : records.partitions()) {
                    for (ConsumerRecord<String, String> record : records.records(partition)) {
                        if (!deliver(partition.partition(), record)) {
                            consumer.seek(partition, record.offset()); // again at the next poll (or by the next owner)
                            break;
                        }
                        done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                    }
                }
                if (!done.isEmpty()) {
                    commit(done);
                }
            }
        } catch (WakeupException stopped) {
            // close() wakes the poll
        } catch (RuntimeException e) {
            LOG.error("Kafka consumer {} of {} stopped", handling.name(), topic, e);
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("Closing the Kafka consumer of {} failed", topic, e);
            }
            assigned.clear();
        }
    }

    /** @return false when the record must be read again (abandoned, or its position could not be saved) */
    private boolean deliver(int partition, ConsumerRecord<String, String> record) {
        Message message;
        try {
            message = MessageJson.read(record.value());
        } catch (RuntimeException e) {
            LOG.error("Consumer {} skips a record of {} that is not a stored message (offset {}): {}", handling.name(),
                    topic, record.offset(), e.getMessage());
            return true;
        }
        if (!positions.isNew(partition, message, Headers.resent(record.headers()))) {
            duplicates.incrementAndGet();
            return true;
        }
        MessageHandling.Outcome outcome = handling.handle(message);
        if (outcome == MessageHandling.Outcome.ABANDONED) {
            return false;
        }
        try {
            positions.processed(partition, message.globalPosition());
        } catch (RuntimeException e) {
            LOG.warn("Consumer {} could not save the position of partition {}; reading it again", handling.name(),
                    partition, e);
            sleep(Duration.ofMillis(500));
            return false;
        }
        if (outcome == MessageHandling.Outcome.HANDLED) {
            handled.incrementAndGet();
        }
        return true;
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            consumer.commitSync(offsets);
            throw e;
        } catch (RuntimeException e) {
            // a rebalance took the partition: its next owner skips what was processed by the stored positions
            LOG.info("Consumer {} could not commit {}: {}", handling.name(), offsets, e.toString());
        }
    }

    /** The partitions this process consumes now. */
    public Set<Integer> partitions() {
        return new TreeSet<>(assigned);
    }

    /** Messages handled by this process (not counting duplicates dropped or messages parked). */
    public long handled() {
        return handled.get();
    }

    /** Records dropped by deduplication in this process. */
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

    /** The topic consumed. */
    public String topic() {
        return topic;
    }

    /**
     * Stops: a message in retry is abandoned (read again by the next owner), processed offsets are committed, and the
     * process leaves the group so that the others take its partitions at once.
     */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            stopping = true;
            running = thread;
        }
        handling.close();
        if (running != null) {
            consumer.wakeup();
            try {
                running.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Configures a {@link KafkaCategoryConsumer}. */
    public static final class Builder {
        private final KafkaTransport transport;
        private final Consumer.Builder handlers;
        private boolean live = true;

        private Builder(KafkaTransport transport, Consumer.Builder handlers) {
            this.transport = Objects.requireNonNull(transport, "transport");
            this.handlers = Objects.requireNonNull(handlers, "handlers");
        }

        /**
         * Whether to read the category's topic (default true), or only the replays addressed to this consumer: to
         * build a projection from the store's history.
         */
        public Builder live(boolean live) {
            this.live = live;
            return this;
        }

        public KafkaCategoryConsumer build() {
            return new KafkaCategoryConsumer(this);
        }

        public KafkaCategoryConsumer start() {
            return build().start();
        }
    }
}
