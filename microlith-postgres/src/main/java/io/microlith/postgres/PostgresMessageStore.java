package io.microlith.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.postgres.internal.BatchWriter;
import io.microlith.postgres.internal.CommitAnnouncer;
import io.microlith.postgres.internal.CommitNotifier;
import io.microlith.postgres.internal.MessageImport;
import io.microlith.postgres.internal.MessageQueries;
import io.microlith.postgres.internal.PendingWrite;
import io.microlith.postgres.internal.Retry;
import io.microlith.postgres.internal.WriteCombiner;
import io.microlith.store.AbstractMessageStore;
import io.microlith.store.CategoryQuery;
import io.microlith.store.CategorySummary;
import io.microlith.store.MessageQuery;
import io.microlith.store.MessageStoreException;
import io.microlith.store.MessageImporter;
import io.microlith.store.StoreBrowser;
import io.microlith.store.StreamSummary;
import io.microlith.store.StreamWrite;
import io.microlith.store.WriteResult;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

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
 *   <li><b>Writes</b> lock the streams they write and commit side by side with writers of other streams
 *       (docs/decisions/0099). Concurrent writes of this process are combined into transactions of several
 *       callers' writes (group commit in the client); each caller's write stays all-or-nothing. A write whose connection is lost is retried for {@link PostgresSettings#retryFor()},
 *       idempotently by message id: it is never stored twice, and never reported failed once stored.</li>
 *   <li><b>Reads</b> run on the pool, retried likewise. Reads by global position stop below the read fence,
 *       the lowest position a writer still in flight may commit, so no reader ever skips a message.</li>
 *   <li><b>Notifications</b>: every commit by {@code write_message} or {@code write_batch} notifies
 *       ({@code LISTEN message_store}), unless the writer set {@code message_store.notify} off: this store's own
 *       connections do, and notify after their commits instead (decision 0099). The store listens on one extra
 *       connection once a listener is registered, and also tells its listeners of its own writes at once.</li>
 * </ul>
 * Thread-safe. Closing releases the pool and the listening connection.
 */
public final class PostgresMessageStore extends AbstractMessageStore implements StoreBrowser, MessageImporter {
    /** Transactions of one store in flight at once (see WriteCombiner). */
    private static final int WRITES_IN_FLIGHT = Integer.getInteger("microlith.postgres.writesInFlight", 2);
    private static final int MAX_COMBINED_WRITES = 128;
    private static final int MAX_COMBINED_MESSAGES = 2000;

    private final PostgresSettings settings;
    private final HikariDataSource pool;
    private final MessageQueries queries;
    private final BatchWriter writer;
    private final WriteCombiner combiner;
    private final CommitAnnouncer announcer;
    private final CommitNotifier notifier;
    private volatile boolean closed;

    private PostgresMessageStore(PostgresSettings settings, HikariDataSource pool) {
        super(settings.maxMessageBytes());
        this.settings = settings;
        this.pool = pool;
        Retry retry = new Retry(settings.retryFor());
        CommitAnnouncer.FenceWatch fence = new CommitAnnouncer.FenceWatch();
        this.queries = new MessageQueries(pool, retry, fence);
        fence.readWith(queries::readFence);
        this.writer = new BatchWriter(pool, retry, settings.commitMode() == CommitMode.PIPELINED);
        this.combiner = new WriteCombiner(WRITES_IN_FLIGHT, MAX_COMBINED_WRITES, MAX_COMBINED_MESSAGES, writer::execute);
        this.announcer = new CommitAnnouncer(() -> PostgresConnections.forListening(settings), fence);
        this.notifier = new CommitNotifier(pool);
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
        HikariDataSource pool = PostgresConnections.pool(settings);
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

    /** The settings this store was opened with. */
    public PostgresSettings settings() {
        return settings;
    }

    /** The pool, for tools and tests that run SQL next to the store (never for writing messages). */
    public DataSource dataSource() {
        return pool;
    }

    @Override
    protected List<WriteResult> writeChecked(List<StreamWrite> writes) {
        ensureOpen();
        PendingWrite pending = new PendingWrite(List.copyOf(writes));
        combiner.submit(pending);
        List<WriteResult> results = pending.outcome();
        notifier.committed(results);
        announcer.announce(results);
        return results;
    }

    @Override
    protected List<Message> readStreamChecked(StreamName streamName, long fromPosition, int batchSize) {
        ensureOpen();
        return queries.readStream(streamName, fromPosition, batchSize);
    }

    @Override
    protected Optional<Message> lastMessageChecked(StreamName streamName, String type) {
        ensureOpen();
        return queries.lastMessage(streamName, type);
    }

    @Override
    protected long streamVersionChecked(StreamName streamName) {
        ensureOpen();
        return queries.streamVersion(streamName);
    }

    @Override
    protected List<Message> readCategoryChecked(CategoryQuery query) {
        ensureOpen();
        return queries.readCategory(query);
    }

    @Override
    protected List<Message> readMatchingChecked(MessageQuery query, long fromGlobalPosition, int batchSize) {
        ensureOpen();
        return queries.readMatching(query, fromGlobalPosition, batchSize);
    }

    @Override
    protected List<Message> readAllChecked(long fromGlobalPosition, int batchSize) {
        ensureOpen();
        return queries.readAll(fromGlobalPosition, batchSize);
    }

    @Override
    public List<CategorySummary> categories() {
        ensureOpen();
        return queries.categories();
    }

    @Override
    public List<StreamSummary> streams(String category, long beforeGlobalPosition, int limit) {
        StoreBrowser.requireStreamsQuery(category, beforeGlobalPosition, limit);
        ensureOpen();
        return queries.streams(category, beforeGlobalPosition, limit);
    }

    @Override
    public Optional<Message> message(UUID id) {
        Objects.requireNonNull(id, "id");
        ensureOpen();
        return queries.message(id);
    }

    @Override
    public List<Message> correlated(String correlationId, int limit) {
        StoreBrowser.requireCorrelation(correlationId, limit);
        ensureOpen();
        return queries.correlated(correlationId, limit);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Under the store lock, taken exclusively: inserts with explicit global positions and moves the global position sequence
     * past them, so that later writes (by Microlith or message-db clients) continue above; notifies the categories as
     * {@code write_message} does. The rows are message-db's, readable by any message-db client. Not retried when the
     * connection is lost (whether it committed is then unknown: read the head).
     */
    @Override
    public long importMessages(List<Message> messages) {
        MessageImporter.requireCoherent(messages);
        ensureOpen();
        return new MessageImport(pool).run(messages);
    }

    @Override
    public long headGlobalPosition() {
        ensureOpen();
        return queries.headGlobalPosition();
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
        return announcer.add(listener);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        announcer.close();
        combiner.close();
        writer.close();
        notifier.close();
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
