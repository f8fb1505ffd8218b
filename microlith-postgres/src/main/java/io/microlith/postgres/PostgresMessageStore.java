package io.microlith.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.microlith.message.InvalidStreamNameException;
import io.microlith.message.Message;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.postgres.internal.BatchWriter;
import io.microlith.postgres.internal.MessageRows;
import io.microlith.postgres.internal.NotificationListener;
import io.microlith.postgres.internal.PendingWrite;
import io.microlith.postgres.internal.Retry;
import io.microlith.postgres.internal.WriteCombiner;
import io.microlith.store.CategoryQuery;
import io.microlith.store.ConsumerGroup;
import io.microlith.store.DuplicateMessageIdException;
import io.microlith.store.MessageStore;
import io.microlith.store.MessageStoreException;
import io.microlith.store.Reads;
import io.microlith.store.StreamWrite;
import io.microlith.store.WriteResult;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The message store on PostgreSQL, in message-db's schema ({@code message_store.messages} and its functions),
 * so that message-db clients and Microlith share one database.
 *
 * <pre>{@code
 * try (MessageStore store = PostgresMessageStore.open("postgresql://127.0.0.1/microlith")) { ... }
 * }</pre>
 *
 * <ul>
 *   <li><b>Opening</b> connects (a pool of {@link PostgresSettings#poolSize()} connections), then installs,
 *       upgrades or adopts the schema, or only checks it ({@link SchemaMode}). It fails at once with a
 *       {@link MessageStoreException} saying what is wrong when the server cannot be reached, the database
 *       does not exist, or the schema is missing or of another version.</li>
 *   <li><b>Writes</b> take the store-wide write lock in the database, so global positions follow commit
 *       order and no reader skips (docs/decisions/0020). Concurrent writes of this process are combined
 *       into one transaction each time the lock is busy (group commit); each caller's write stays
 *       all-or-nothing. A write whose connection is lost is retried for {@link PostgresSettings#retryFor()},
 *       idempotently by message id: it is never stored twice, and never reported failed once stored.</li>
 *   <li><b>Reads</b> run on the pool, one statement each, retried likewise.</li>
 *   <li><b>Notifications</b>: every insert into the table, by any client of the database, notifies on commit
 *       ({@code LISTEN message_store}); the store listens on one extra connection once a listener is
 *       registered, and also tells its listeners of its own writes at once.</li>
 * </ul>
 * Thread-safe. Closing releases the pool and the listening connection.
 */
public final class PostgresMessageStore implements MessageStore {
    /** Transactions of one store in flight at once (see WriteCombiner). */
    private static final int WRITES_IN_FLIGHT = Integer.getInteger("microlith.postgres.writesInFlight", 2);
    private static final int MAX_COMBINED_WRITES = 128;
    private static final int MAX_COMBINED_MESSAGES = 2000;
    /** How long the first {@link #onCommit} waits for LISTEN to be in place. */
    private static final long LISTEN_WAIT_MS = 10_000;

    private static final String READ_STREAM = "SELECT " + MessageRows.COLUMNS + " FROM message_store.messages "
            + "WHERE stream_name = ? AND \"position\" >= ? ORDER BY \"position\" LIMIT ?";
    private static final String LAST_MESSAGE = "SELECT " + MessageRows.COLUMNS + " FROM message_store.messages "
            + "WHERE stream_name = ? ORDER BY \"position\" DESC LIMIT 1";
    private static final String LAST_MESSAGE_OF_TYPE = "SELECT " + MessageRows.COLUMNS + " FROM message_store.messages "
            + "WHERE stream_name = ? AND \"type\" = ? ORDER BY \"position\" DESC LIMIT 1";
    private static final String STREAM_VERSION =
            "SELECT max(\"position\") FROM message_store.messages WHERE stream_name = ?";
    private static final String READ_ALL = "SELECT " + MessageRows.COLUMNS + " FROM message_store.messages "
            + "WHERE global_position >= ? ORDER BY global_position LIMIT ?";
    private static final String HEAD = "SELECT coalesce(max(global_position), 0) FROM message_store.messages";
    /** Category reads; the expressions match the messages_category index. */
    private static final String READ_CATEGORY = "SELECT " + MessageRows.COLUMNS + " FROM message_store.messages "
            + "WHERE message_store.category(stream_name) = ? AND global_position >= ?%s ORDER BY global_position LIMIT ?";
    private static final String CORRELATION_FILTER =
            " AND message_store.category(metadata->>'correlationStreamName') = ?";
    private static final String GROUP_FILTER =
            " AND mod(abs(message_store.hash_64(message_store.cardinal_id(stream_name))), ?) = ?";

    private final PostgresSettings settings;
    private final HikariDataSource pool;
    private final Retry retry;
    private final BatchWriter writer;
    private final WriteCombiner combiner;
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    /** Highest global position announced per category, so that a commit is announced once, not per path. */
    private final Map<String, Long> announced = new ConcurrentHashMap<>();
    private NotificationListener notificationListener;
    private volatile boolean closed;

    private PostgresMessageStore(PostgresSettings settings, HikariDataSource pool) {
        this.settings = settings;
        this.pool = pool;
        this.retry = new Retry(settings.retryFor());
        this.writer = new BatchWriter(pool, retry, settings.commitMode() == CommitMode.PIPELINED);
        this.combiner = new WriteCombiner(WRITES_IN_FLIGHT, MAX_COMBINED_WRITES, MAX_COMBINED_MESSAGES, writer::execute);
    }

    /** Opens the store described by a setting such as {@code postgresql://127.0.0.1/microlith}. */
    public static PostgresMessageStore open(String setting) {
        return open(PostgresSettings.parse(setting));
    }

    /**
     * Connects, installs or checks the schema (see {@link SchemaMode}) and returns the open store.
     *
     * @throws MessageStoreException the server is unreachable or refuses the connection, or the database
     *                               does not exist (the message names the URL and the server's reason)
     * @throws SchemaException       the schema is missing, of another version, or cannot be installed
     */
    public static PostgresMessageStore open(PostgresSettings settings) {
        HikariDataSource pool = createPool(settings);
        try {
            try (Connection connection = pool.getConnection()) {
                if (settings.schemaMode() == SchemaMode.INSTALL) {
                    PostgresSchema.install(connection);
                } else {
                    PostgresSchema.validate(connection);
                }
            }
            return new PostgresMessageStore(settings, pool);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            if (e instanceof MessageStoreException store) {
                throw store;
            }
            throw new MessageStoreException("Cannot open the message store in " + settings.jdbcUrl() + ": " + e.getMessage(), e);
        }
    }

    private static HikariDataSource createPool(PostgresSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("microlith-postgres");
        config.setJdbcUrl(settings.jdbcUrl());
        if (settings.user() != null) {
            config.setUsername(settings.user());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password());
        }
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setAutoCommit(true);
        config.setConnectionTimeout(Math.max(250, Math.min(10_000, settings.retryFor().toMillis())));
        config.addDataSourceProperty("ApplicationName", settings.applicationName());
        config.addDataSourceProperty("tcpKeepAlive", "true");
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new MessageStoreException("Cannot connect to PostgreSQL at " + settings.jdbcUrl()
                    + (settings.user() == null ? "" : " as " + settings.user()) + ": " + cause.getMessage(), e);
        }
    }

    /** The settings this store was opened with. */
    public PostgresSettings settings() {
        return settings;
    }

    /** The pool, for tools and tests that run SQL next to the store (never for writing messages). */
    public DataSource dataSource() {
        return pool;
    }

    @Override
    public List<WriteResult> write(List<StreamWrite> writes) {
        if (writes.isEmpty()) {
            throw new IllegalArgumentException("A write needs at least one stream write");
        }
        ensureOpen();
        requireDistinctIds(writes);
        PendingWrite pending = new PendingWrite(List.copyOf(writes));
        combiner.submit(pending);
        List<WriteResult> results = pending.outcome();
        announce(results);
        return results;
    }

    private static void requireDistinctIds(List<StreamWrite> writes) {
        Set<UUID> ids = new HashSet<>();
        for (StreamWrite write : writes) {
            for (NewMessage message : write.messages()) {
                if (!ids.add(message.id())) {
                    throw new DuplicateMessageIdException(message.id());
                }
            }
        }
    }

    @Override
    public List<Message> readStream(StreamName streamName, long fromPosition, int batchSize) {
        if (streamName.isCategory()) {
            throw new InvalidStreamNameException(streamName.value(),
                    "a bare category is not a stream; read it with readCategory");
        }
        Reads.requirePosition(fromPosition, "stream position");
        Reads.requireBatchSize(batchSize);
        return query("Reading stream " + streamName, READ_STREAM, batchSize, streamName.value(), fromPosition, batchSize);
    }

    @Override
    public Optional<Message> lastMessage(StreamName streamName, String type) {
        List<Message> last = type == null
                ? query("Reading the last message of " + streamName, LAST_MESSAGE, 1, streamName.value())
                : query("Reading the last message of " + streamName, LAST_MESSAGE_OF_TYPE, 1, streamName.value(), type);
        return last.stream().findFirst();
    }

    @Override
    public long streamVersion(StreamName streamName) {
        Long version = scalar("Reading the version of " + streamName, STREAM_VERSION, streamName.value());
        return version == null ? -1 : version;
    }

    @Override
    public List<Message> readCategory(CategoryQuery query) {
        ConsumerGroup group = query.consumerGroup();
        String filters = (query.correlation() == null ? "" : CORRELATION_FILTER) + (group == null ? "" : GROUP_FILTER);
        Object[] parameters = new Object[2 + (query.correlation() == null ? 0 : 1) + (group == null ? 0 : 2) + 1];
        int i = 0;
        parameters[i++] = query.category();
        parameters[i++] = query.fromGlobalPosition();
        if (query.correlation() != null) {
            parameters[i++] = query.correlation();
        }
        if (group != null) {
            parameters[i++] = (long) group.size();
            parameters[i++] = (long) group.member();
        }
        parameters[i] = query.batchSize();
        return query("Reading category " + query.category(), READ_CATEGORY.formatted(filters), query.batchSize(), parameters);
    }

    @Override
    public List<Message> readAll(long fromGlobalPosition, int batchSize) {
        Reads.requirePosition(fromGlobalPosition, "global position");
        Reads.requireBatchSize(batchSize);
        return query("Reading all messages", READ_ALL, batchSize, fromGlobalPosition, batchSize);
    }

    @Override
    public long headGlobalPosition() {
        return scalar("Reading the head global position", HEAD);
    }

    private List<Message> query(String what, String sql, int expected, Object... parameters) {
        ensureOpen();
        return withRetry(what, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, parameters);
                try (ResultSet rs = statement.executeQuery()) {
                    return MessageRows.read(rs, expected);
                }
            }
        });
    }

    private Long scalar(String what, String sql, Object... parameters) {
        ensureOpen();
        return withRetry(what, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, parameters);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    long value = rs.getLong(1);
                    return rs.wasNull() ? null : value;
                }
            }
        });
    }

    private static void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }

    @FunctionalInterface
    private interface ConnectionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T withRetry(String what, ConnectionWork<T> work) {
        try {
            return retry.run(what, () -> {
                try (Connection connection = pool.getConnection()) {
                    return work.run(connection);
                }
            });
        } catch (SQLException e) {
            throw new MessageStoreException(what + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Hears commits made by any client of the database (this store, other processes, message-db clients
     * calling {@code write_message}). The first registration opens the listening connection and returns once
     * it listens, so that later commits are heard. Notifications sent while that connection is down (it
     * reconnects by itself) are lost: followers must keep their fallback poll.
     */
    @Override
    public synchronized Registration onCommit(CommitListener listener) {
        ensureOpen();
        listeners.add(listener);
        if (notificationListener == null) {
            notificationListener = new NotificationListener(this::connectForListening, this::announce);
            notificationListener.start(LISTEN_WAIT_MS);
        }
        return () -> listeners.remove(listener);
    }

    private Connection connectForListening() throws SQLException {
        Properties properties = new Properties();
        if (settings.user() != null) {
            properties.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            properties.setProperty("password", settings.password());
        }
        properties.setProperty("ApplicationName", settings.applicationName() + "-listener");
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(settings.jdbcUrl(), properties);
    }

    private void announce(List<WriteResult> results) {
        if (listeners.isEmpty()) {
            return;
        }
        Map<String, Long> highest = new LinkedHashMap<>();
        for (WriteResult result : results) {
            highest.merge(result.streamName().category(), result.lastGlobalPosition(), Math::max);
        }
        highest.forEach(this::announce);
    }

    /** Tells the listeners of a commit unless a commit at or above this position was announced already. */
    private void announce(String category, long globalPosition) {
        Long before = announced.get(category);
        if (before != null && before >= globalPosition) {
            return;
        }
        if (announced.merge(category, globalPosition, Math::max) != globalPosition) {
            return;
        }
        for (CommitListener listener : listeners) {
            listener.committed(category, globalPosition);
        }
    }

    @Override
    public void close() {
        NotificationListener listening;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            listening = notificationListener;
            listeners.clear();
        }
        if (listening != null) {
            listening.close();
        }
        combiner.close();
        writer.close();
        pool.close();
    }

    private void ensureOpen() {
        if (closed) {
            throw new MessageStoreException("The PostgreSQL message store (" + settings.jdbcUrl() + ") is closed");
        }
    }

    @Override
    public String toString() {
        return "PostgresMessageStore[" + settings + "]";
    }
}
