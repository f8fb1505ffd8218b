package io.microlith.sqlite;

import io.microlith.message.MessageLimits;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to open a {@link SqliteMessageStore}.
 *
 * <pre>{@code
 * SqliteConfig.of(Path.of("data/microlith.db"))                       // defaults
 * SqliteConfig.of(Path.of("data/microlith.db")).durability(Durability.STRICT)
 * SqliteConfig.parse("sqlite:./data/microlith.db?durability=strict&readers=4&maxMessageBytes=4194304")
 * }</pre>
 *
 * @param path            the database file; created with its parent directories when absent. SQLite puts
 *                        {@code <file>-wal} and {@code <file>-shm} beside it, and the store a
 *                        {@code <file>.lock}
 * @param durability      what an acknowledged write survives, {@link Durability#NORMAL} by default
 * @param readConnections size of the read-only connection pool, at least 1; reads beyond it wait
 * @param streamCacheSize how many stream versions the writer keeps in memory (least recently written are
 *                        dropped and read again from the file when needed); at least 1
 * @param maxMessageBytes the largest message written (data and metadata, UTF-8 bytes), 1 MiB by default; at most
 *                        {@link MessageLimits#MAX_MESSAGE_BYTES} (larger ones fail with
 *                        {@link io.microlith.store.MessageTooLargeException})
 */
public record SqliteConfig(Path path, Durability durability, int readConnections, int streamCacheSize,
                           int maxMessageBytes) {

    /** The URL scheme understood by {@link #parse(String)}. */
    public static final String SCHEME = "sqlite:";

    public static final int DEFAULT_READ_CONNECTIONS = 4;
    public static final int DEFAULT_STREAM_CACHE_SIZE = 100_000;

    public SqliteConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(durability, "durability");
        if (readConnections < 1) {
            throw new IllegalArgumentException("readConnections must be at least 1, was " + readConnections);
        }
        if (streamCacheSize < 1) {
            throw new IllegalArgumentException("streamCacheSize must be at least 1, was " + streamCacheSize);
        }
        MessageLimits.requireMaxMessageBytes(maxMessageBytes);
    }

    /** The defaults for one file: normal durability, {@value #DEFAULT_READ_CONNECTIONS} readers, messages up to 1 MiB. */
    public static SqliteConfig of(Path path) {
        return new SqliteConfig(path, Durability.NORMAL, DEFAULT_READ_CONNECTIONS, DEFAULT_STREAM_CACHE_SIZE,
                MessageLimits.DEFAULT_MAX_MESSAGE_BYTES);
    }

    /**
     * Parses a URL-like setting: {@code sqlite:<path>[?durability=normal|strict][&readers=N][&streamCacheSize=N]
     * [&maxMessageBytes=N]}, for example
     * {@code sqlite:./data/microlith.db} or {@code sqlite:/var/lib/app/store.db?durability=strict}.
     * A relative path is resolved against the working directory.
     *
     * @throws IllegalArgumentException for another scheme, an empty path, {@code :memory:} (the store
     *                                  needs a file for its WAL and reader connections) or an unknown option
     */
    public static SqliteConfig parse(String url) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith(SCHEME)) {
            throw new IllegalArgumentException("Not a SQLite store URL (expected 'sqlite:<path>'): " + url);
        }
        String rest = url.substring(SCHEME.length());
        int question = rest.indexOf('?');
        String file = question < 0 ? rest : rest.substring(0, question);
        if (file.startsWith("//")) {
            file = file.substring(2); // sqlite:///abs/path, as a URL would spell it
        }
        if (file.isEmpty()) {
            throw new IllegalArgumentException("A SQLite store URL needs a file path: " + url);
        }
        if (file.equals(":memory:")) {
            throw new IllegalArgumentException(
                    "sqlite::memory: is not supported: the store needs a file; use InMemoryMessageStore instead");
        }
        SqliteConfig config = of(Path.of(file));
        if (question >= 0) {
            for (String option : rest.substring(question + 1).split("&")) {
                if (!option.isEmpty()) {
                    config = config.with(option, url);
                }
            }
        }
        return config;
    }

    private SqliteConfig with(String option, String url) {
        int equals = option.indexOf('=');
        String key = equals < 0 ? option : option.substring(0, equals);
        String value = equals < 0 ? "" : URLDecoder.decode(option.substring(equals + 1), StandardCharsets.UTF_8);
        return switch (key) {
            case "durability" -> durability(Durability.parse(value));
            case "readers" -> readConnections(parseInt(key, value, url));
            case "streamCacheSize" -> streamCacheSize(parseInt(key, value, url));
            case "maxMessageBytes" -> maxMessageBytes(parseInt(key, value, url));
            default -> throw new IllegalArgumentException("Unknown option '" + key + "' in SQLite store URL " + url
                    + "; known: durability, readers, streamCacheSize, maxMessageBytes");
        };
    }

    private static int parseInt(String key, String value, String url) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Option '" + key + "' must be a number, was '" + value + "' in " + url, e);
        }
    }

    public SqliteConfig durability(Durability durability) {
        return new SqliteConfig(path, durability, readConnections, streamCacheSize, maxMessageBytes);
    }

    public SqliteConfig readConnections(int readConnections) {
        return new SqliteConfig(path, durability, readConnections, streamCacheSize, maxMessageBytes);
    }

    public SqliteConfig streamCacheSize(int streamCacheSize) {
        return new SqliteConfig(path, durability, readConnections, streamCacheSize, maxMessageBytes);
    }

    public SqliteConfig maxMessageBytes(int maxMessageBytes) {
        return new SqliteConfig(path, durability, readConnections, streamCacheSize, maxMessageBytes);
    }
}
