package io.microlith.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the brokers are, from a URL such as {@code kafka://127.0.0.1:9092,127.0.0.1:9093?topicPrefix=microlith&partitions=8&startupWait=PT10S}.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param topicPrefix      the start of every topic this transport names ({@code microlith} by default), so that two
 *                         applications on one cluster keep apart
 * @param partitions       partitions of the topics it creates (8 by default): the most processes that share one
 *                         consumer's work
 * @param replication      replication factor of the topics it creates (1 by default)
 * @param startupWait      how long {@link KafkaTransport#connect} tries again while the cluster is unreachable before it
 *                         fails with {@link KafkaUnavailableException} (10 s by default)
 */
public record KafkaSettings(String bootstrapServers, String topicPrefix, int partitions, short replication,
                            Duration startupWait) {

    public KafkaSettings {
        if (bootstrapServers == null || !bootstrapServers.matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*")) {
            throw new IllegalArgumentException("Expected bootstrap servers host:port[,host:port] but was '"
                    + bootstrapServers + "'");
        }
        if (topicPrefix == null || !topicPrefix.matches("[A-Za-z0-9_-]{1,60}")) {
            throw new IllegalArgumentException("A topic prefix is 1 to 60 of A-Z a-z 0-9 _ -, was '" + topicPrefix + "'");
        }
        if (partitions < 1 || partitions > 1000) {
            throw new IllegalArgumentException("Partitions are between 1 and 1000, was " + partitions);
        }
        if (replication < 1) {
            throw new IllegalArgumentException("The replication factor is at least 1, was " + replication);
        }
        Objects.requireNonNull(startupWait, "startupWait");
        if (startupWait.isNegative()) {
            throw new IllegalArgumentException("The start-up wait must not be negative, was " + startupWait);
        }
    }

    /** {@code bootstrapServers} with the defaults. */
    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, "microlith", 8, (short) 1, Duration.ofSeconds(10));
    }

    /**
     * Parses {@code kafka://host:port[,host:port][?topicPrefix=…&partitions=…&replication=…&startupWait=PT10S]}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static KafkaSettings parse(String url) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("kafka://")) {
            throw new IllegalArgumentException("Expected kafka://host:port[,host:port] but was '" + url + "'");
        }
        String rest = url.substring("kafka://".length());
        int query = rest.indexOf('?');
        KafkaSettings settings = of(query < 0 ? rest : rest.substring(0, query));
        if (query >= 0) {
            for (String pair : rest.substring(query + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                String value = kv.length > 1 ? kv[1] : "";
                settings = switch (kv[0]) {
                    case "topicPrefix" -> new KafkaSettings(settings.bootstrapServers, value, settings.partitions,
                            settings.replication, settings.startupWait);
                    case "partitions" -> new KafkaSettings(settings.bootstrapServers, settings.topicPrefix,
                            number(value, kv[0]), settings.replication, settings.startupWait);
                    case "replication" -> new KafkaSettings(settings.bootstrapServers, settings.topicPrefix,
                            settings.partitions, (short) number(value, kv[0]), settings.startupWait);
                    case "startupWait" -> settings.withStartupWait(duration(value));
                    default -> throw new IllegalArgumentException("Unknown Kafka setting '" + kv[0] + "' in '" + url
                            + "' (known: topicPrefix, partitions, replication, startupWait)");
                };
            }
        }
        return settings;
    }

    public KafkaSettings withTopicPrefix(String prefix) {
        return new KafkaSettings(bootstrapServers, prefix, partitions, replication, startupWait);
    }

    public KafkaSettings withStartupWait(Duration wait) {
        return new KafkaSettings(bootstrapServers, topicPrefix, partitions, replication, wait);
    }

    private static int number(String text, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Expected a whole number for " + what + " but was '" + text + "'");
        }
    }

    /** An ISO-8601 duration, as the PostgreSQL store's settings take ({@code PT10S}, {@code PT0.5S}). */
    private static Duration duration(String text) {
        try {
            return Duration.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Expected an ISO-8601 duration such as PT10S but was '" + text + "'", e);
        }
    }
}
