package io.microlith.kafka;

import io.microlith.consumer.BrokerTransport;
import io.microlith.consumer.Consumer;
import io.microlith.message.MessageTypes;
import io.microlith.store.MessageStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One process's access to a Kafka cluster, and what runs over it: the {@link KafkaRelay} that publishes stored
 * messages, {@link KafkaCategoryConsumer}s (ordered, deduplicated, in consumer groups) and {@link KafkaRequests}
 * (request/response over a reply topic).
 *
 * <pre>{@code
 * try (KafkaTransport kafka = KafkaTransport.connect("kafka://127.0.0.1:9092")) {
 *     kafka.relay(store, "account").start();
 *     kafka.consumer(Consumer.builder(store, "account", "balances").handle(Deposited.class, d -> ...)).start();
 * }
 * }</pre>
 *
 * <p>A category's messages go to the topic {@code <prefix>.<category>} (characters Kafka does not take in a topic
 * name, such as {@code :}, written {@code -xx} in hex), created with {@link KafkaSettings#partitions()} partitions
 * when missing.
 */
public final class KafkaTransport implements BrokerTransport {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaTransport.class);

    private final KafkaSettings settings;
    private final Admin admin;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();

    private KafkaTransport(KafkaSettings settings, Admin admin) {
        this.settings = settings;
        this.admin = admin;
    }

    /** {@link #connect(KafkaSettings)} with {@link KafkaSettings#parse(String)}. */
    public static KafkaTransport connect(String url) {
        return connect(KafkaSettings.parse(url));
    }

    /**
     * Connects: asks the cluster to describe itself, trying again for at most {@link KafkaSettings#startupWait()}.
     *
     * @throws KafkaUnavailableException when the cluster did not answer in time, saying where and why
     */
    public static KafkaTransport connect(KafkaSettings settings) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        Admin admin = Admin.create(properties);
        long wait = Math.max(1_000, settings.startupWait().toMillis());
        try {
            admin.describeCluster().nodes().get(wait, TimeUnit.MILLISECONDS);
            return new KafkaTransport(settings, admin);
        } catch (Exception e) {
            admin.close(Duration.ZERO);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new KafkaUnavailableException("Kafka at " + settings.bootstrapServers() + " did not answer within "
                    + Duration.ofMillis(wait) + " (startupWait): " + cause, cause);
        }
    }

    /** A relay of {@code category} from {@code store} to its topic, to configure and {@link KafkaRelay#start()}. */
    public KafkaRelay.Builder relay(MessageStore store, String category) {
        return KafkaRelay.builder(this, store, category);
    }

    /** An ordered consumer whose handlers, retries and names come from {@code handlers}. */
    public KafkaCategoryConsumer.Builder consumer(Consumer.Builder handlers) {
        return KafkaCategoryConsumer.builder(this, handlers);
    }

    /**
     * The {@link BrokerTransport} face, for {@code MicrolithConfig.transport(kafka)}: a {@link KafkaCategoryConsumer}
     * of the consumer's name. A consumer that needs its category in global order ({@link Consumer.Builder#ordered()}:
     * concurrency 1, or a view's transactional position) needs topics of one partition, where Kafka keeps the relay's
     * order; on more partitions its records would come interleaved, so it is refused.
     *
     * @throws IllegalArgumentException for an ordered consumer when the topics have more than one partition
     */
    @Override
    public KafkaCategoryConsumer deliver(Consumer.Builder consumer) {
        if (consumer.ordered() && settings.partitions() > 1) {
            throw new IllegalArgumentException("Consumer " + consumer.name() + " of " + consumer.category()
                    + " needs its category in global order (concurrency 1 or a view), which Kafka keeps only in a "
                    + "topic of one partition; the topics have " + settings.partitions() + ": connect with "
                    + "partitions=1, or give the consumer a concurrency above 1");
        }
        return consumer(consumer).start();
    }

    /** The {@link BrokerTransport} face: {@code relay(store, category).start()}. */
    @Override
    public KafkaRelay startRelay(MessageStore store, String category) {
        return relay(store, category).start();
    }

    @Override
    public String describe() {
        return "kafka://" + settings.bootstrapServers();
    }

    /** Request/response over this cluster, bodies named and decoded by {@code types}; see {@link KafkaRequests}. */
    public KafkaRequests requests(MessageTypes types) {
        return new KafkaRequests(this, Objects.requireNonNull(types, "types"));
    }

    public KafkaSettings settings() {
        return settings;
    }

    /** The topic of a category's live messages. */
    public String topic(String category) {
        return settings.topicPrefix() + "." + legal(category);
    }

    /** The topic of the replays addressed to one consumer of a category. */
    public String replayTopic(String category, String consumer) {
        return topic(category) + ".replay." + legal(consumer);
    }

    String requestTopic(String queryType) {
        return settings.topicPrefix() + ".query." + legal(queryType);
    }

    String replyTopic(String process) {
        return settings.topicPrefix() + ".reply." + legal(process);
    }

    /** A name with what Kafka does not take in a topic name (anything but letters, digits, {@code .} and {@code _}) as {@code -xx}. */
    static String legal(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            if (c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_')) {
                out.append(c);
            } else {
                out.append('-').append(Integer.toHexString(c));
            }
        }
        return out.toString();
    }

    /** Creates the topic when it does not exist yet (with the settings' partitions and replication). */
    void ensureTopic(String topic, int partitions) {
        if (topics.contains(topic)) {
            return;
        }
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, settings.replication()))).all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new KafkaUnavailableException("Cannot create topic " + topic + ": " + e.getCause(), e.getCause());
            }
        } catch (Exception e) {
            throw new KafkaUnavailableException("Cannot create topic " + topic + ": " + e, e);
        }
        topics.add(topic);
    }

    void ensureTopic(String topic) {
        ensureTopic(topic, settings.partitions());
    }

    void deleteTopic(String topic) {
        try {
            admin.deleteTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("Deleting topic {} failed", topic, e);
        }
        topics.remove(topic);
    }

    /** An idempotent producer that waits for every in-sync replica ({@code acks=all}). */
    Properties producerProperties() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return properties;
    }

    /** A consumer of {@code group} (or of none, for {@code null}) that commits offsets itself. */
    Properties consumerProperties(String group) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        if (group != null) {
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        // the consumer rebalance protocol (KIP-848): the broker assigns partitions incrementally, no stop-the-world
        properties.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return properties;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
