package io.microlith.postgres;

import io.microlith.message.MessageLimits;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach the PostgreSQL message store and how to treat its schema.
 *
 * <p>Usually parsed from a URL-like setting, e.g. {@code store=postgresql://127.0.0.1/microlith}:
 * <pre>{@code
 * PostgresSettings.parse("postgresql://app:secret@db.example:5432/microlith?poolSize=20&schema=validate")
 * PostgresSettings.of("127.0.0.1", "microlith").withUser("postgres").withPoolSize(4)
 * }</pre>
 * Query parameters Microlith knows: {@code user}, {@code password}, {@code poolSize},
 * {@code schema} ({@code install} or {@code validate}), {@code applicationName}, {@code retryFor}
 * (an ISO-8601 duration such as {@code PT30S}), {@code commit} ({@code flushed} or {@code pipelined}, see
 * {@link CommitMode}), {@code maxMessageBytes} (the largest message written, 1 MiB by default). Any other
 * parameter is passed to the PostgreSQL JDBC driver
 * as it is (for example {@code sslmode=require}). The forms {@code postgres://...} and
 * {@code jdbc:postgresql://...} are accepted too.
 *
 * @param jdbcUrl         {@code jdbc:postgresql://host[:port]/database[?driver parameters]}
 * @param user            the role to connect as; {@code null} for the driver's default
 * @param password        {@code null} for none
 * @param poolSize        most pooled connections (writes, reads); the notification listener has one more
 * @param schemaMode      what the store does with the schema when it opens
 * @param applicationName shown in {@code pg_stat_activity}
 * @param retryFor        how long a write or read keeps retrying after the connection to the server is lost,
 *                        before it fails with a {@link io.microlith.store.MessageStoreException}
 * @param commitMode      when written messages become visible relative to their WAL flush ({@code null}: flushed)
 * @param maxMessageBytes the largest message written (data and metadata, UTF-8 bytes), at most
 *                        {@link MessageLimits#MAX_MESSAGE_BYTES}; larger ones fail with
 *                        {@link io.microlith.store.MessageTooLargeException}
 */
public record PostgresSettings(String jdbcUrl, String user, String password, int poolSize, SchemaMode schemaMode,
                               String applicationName, Duration retryFor, CommitMode commitMode,
                               int maxMessageBytes) {

    /** The default pool size: enough for a writer, readers and consumers of one process. */
    public static final int DEFAULT_POOL_SIZE = 10;

    public PostgresSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("A PostgreSQL JDBC URL starts with jdbc:postgresql:, got " + jdbcUrl);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("The pool size must be at least 1, was " + poolSize);
        }
        Objects.requireNonNull(schemaMode, "schemaMode");
        applicationName = applicationName == null || applicationName.isBlank() ? "microlith" : applicationName;
        Objects.requireNonNull(retryFor, "retryFor");
        if (retryFor.isNegative()) {
            throw new IllegalArgumentException("retryFor must not be negative, was " + retryFor);
        }
        commitMode = commitMode == null ? CommitMode.FLUSHED : commitMode;
        MessageLimits.requireMaxMessageBytes(maxMessageBytes);
    }

    /** A database on a host at the default port, as the driver's default user, installing the schema. */
    public static PostgresSettings of(String host, String database) {
        return parse("postgresql://" + host + "/" + database);
    }

    /**
     * Parses a setting such as {@code postgresql://user:password@host:port/database?poolSize=4}.
     *
     * @throws IllegalArgumentException naming what is wrong with the setting
     */
    public static PostgresSettings parse(String setting) {
        Objects.requireNonNull(setting, "setting");
        String text = setting.trim();
        if (text.startsWith("jdbc:")) {
            text = text.substring("jdbc:".length());
        }
        if (text.startsWith("postgres://")) {
            text = "postgresql://" + text.substring("postgres://".length());
        }
        if (!text.startsWith("postgresql://")) {
            throw new IllegalArgumentException(
                    "A PostgreSQL store setting looks like postgresql://host[:port]/database, got " + setting);
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a valid PostgreSQL store setting: " + setting + " (" + e.getReason() + ")", e);
        }
        String host = uri.getHost();
        String path = uri.getPath();
        if (host == null || path == null || path.length() <= 1) {
            throw new IllegalArgumentException(
                    "A PostgreSQL store setting needs a host and a database, e.g. postgresql://127.0.0.1/microlith; got " + setting);
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        int poolSize = DEFAULT_POOL_SIZE;
        SchemaMode schemaMode = SchemaMode.INSTALL;
        String applicationName = null;
        Duration retryFor = Duration.ofSeconds(30);
        CommitMode commitMode = CommitMode.FLUSHED;
        int maxMessageBytes = MessageLimits.DEFAULT_MAX_MESSAGE_BYTES;
        Map<String, String> driver = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                String[] kv = pair.split("=", 2);
                String key = decode(kv[0]);
                String value = kv.length > 1 ? decode(kv[1]) : "";
                switch (key) {
                    case "user" -> user = value;
                    case "password" -> password = value;
                    case "poolSize" -> poolSize = parseInt(key, value, setting);
                    case "schema" -> schemaMode = SchemaMode.parse(value);
                    case "applicationName", "ApplicationName" -> applicationName = value;
                    case "retryFor" -> retryFor = parseDuration(key, value, setting);
                    case "commit" -> commitMode = CommitMode.parse(value);
                    case "maxMessageBytes" -> maxMessageBytes = parseInt(key, value, setting);
                    default -> driver.put(key, value);
                }
            }
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getRawAuthority().replaceFirst("^.*@", ""))
                .append(uri.getRawPath());
        char separator = '?';
        for (Map.Entry<String, String> e : driver.entrySet()) {
            jdbc.append(separator).append(e.getKey()).append('=').append(e.getValue());
            separator = '&';
        }
        return new PostgresSettings(jdbc.toString(), user, password, poolSize, schemaMode, applicationName, retryFor, commitMode,
                maxMessageBytes);
    }

    public PostgresSettings withUser(String user) {
        return new PostgresSettings(jdbcUrl, user, password, poolSize, schemaMode, applicationName, retryFor, commitMode,
                maxMessageBytes);
    }

    public PostgresSettings withPassword(String password) {
        return new PostgresSettings(jdbcUrl, user, password, poolSize, schemaMode, applicationName, retryFor, commitMode,
                maxMessageBytes);
    }

    public PostgresSettings withPoolSize(int poolSize) {
        return new PostgresSettings(jdbcUrl, user, password, poolSize, schemaMode, applicationName, retryFor, commitMode,
                maxMessageBytes);
    }

    public PostgresSettings withSchemaMode(SchemaMode schemaMode) {
        return new PostgresSettings(jdbcUrl, user, password, poolSize, schemaMode, applicationName, retryFor, commitMode,
                maxMessageBytes);
    }

    public PostgresSettings withApplicationName(String applicationName) {
        return new PostgresSettings(jdbcUrl, user, password, poolSize, schemaMode, applicationName, retryFor, commitMode,
                maxMessageBytes);
    }

    public PostgresSettings withCommitMode(CommitMode commitMode) {
        return new PostgresSettings(jdbcUrl, user, password, poolSize, schemaMode, applicationName, retryFor, commitMode,
                maxMessageBytes);
    }

    public PostgresSettings withRetryFor(Duration retryFor) {
        return new PostgresSettings(jdbcUrl, user, password, poolSize, schemaMode, applicationName, retryFor, commitMode,
                maxMessageBytes);
    }

    public PostgresSettings withMaxMessageBytes(int maxMessageBytes) {
        return new PostgresSettings(jdbcUrl, user, password, poolSize, schemaMode, applicationName, retryFor, commitMode,
                maxMessageBytes);
    }

    /** The same server and settings, another database (tools and tests use it to reach {@code postgres}). */
    public PostgresSettings withDatabase(String database) {
        int slash = jdbcUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = jdbcUrl.indexOf('?', slash);
        String rest = query < 0 ? "" : jdbcUrl.substring(query);
        return new PostgresSettings(jdbcUrl.substring(0, slash + 1) + database + rest, user, password, poolSize,
                schemaMode, applicationName, retryFor, commitMode,
                maxMessageBytes);
    }

    /** The database name in the URL. */
    public String database() {
        int slash = jdbcUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = jdbcUrl.indexOf('?', slash);
        return jdbcUrl.substring(slash + 1, query < 0 ? jdbcUrl.length() : query);
    }

    /** The URL without credentials, for messages and logs. */
    @Override
    public String toString() {
        return "PostgresSettings[" + jdbcUrl + (user == null ? "" : " as " + user) + ", poolSize=" + poolSize
                + ", schema=" + schemaMode.name().toLowerCase() + ", retryFor=" + retryFor
                + ", commit=" + commitMode.name().toLowerCase() + ", maxMessageBytes=" + maxMessageBytes + "]";
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static int parseInt(String key, String value, String setting) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + value + "' in " + setting, e);
        }
    }

    private static Duration parseDuration(String key, String value, String setting) {
        try {
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    key + " must be an ISO-8601 duration such as PT30S, got '" + value + "' in " + setting, e);
        }
    }
}
