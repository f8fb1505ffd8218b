package io.microlith.sqlite;

import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.store.AbstractMessageStore;
import io.microlith.store.CategoryQuery;
import io.microlith.store.CategorySummary;
import io.microlith.store.MessageQuery;
import io.microlith.store.MessageImporter;
import io.microlith.store.MessageStoreException;
import io.microlith.store.StoreBrowser;
import io.microlith.store.StreamSummary;
import io.microlith.store.StreamWrite;
import io.microlith.store.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The embedded message store: one SQLite file in WAL mode, no server.
 *
 * <pre>{@code
 * try (MessageStore store = SqliteMessageStore.open(Path.of("data/microlith.db"))) {
 *     store.write(StreamName.of("account", "1"), NewMessage.of("Opened", "{}"));
 * }
 * }</pre>
 *
 * <h2>Writes</h2>
 * One write connection, used by one committer at a time. Concurrent {@code write} calls queue up and the writer
 * thread commits everything queued in one transaction (group commit); while writers come one at a time, a write that
 * finds nobody committing and nothing queued is committed on its caller's thread, without the hand-off (decision
 * 0101, not in strict mode). Throughput grows with the number of writers while each caller gets its own result
 * or its own {@link io.microlith.store.ExpectedVersionException} or
 * {@link io.microlith.store.DuplicateMessageIdException}, as if it had written alone. A message id that is
 * already stored is <b>rejected</b> (the whole write fails, nothing of it is stored). A caller waits on a
 * future, so virtual threads unmount while they wait; the wait is not interruptible, so that the caller
 * always learns the outcome. When {@code write} returns, the messages are visible to every reader and as
 * durable as the {@link Durability} promises.
 *
 * <h2>Reads</h2>
 * Reads run on a small pool of read-only connections beside the writer (WAL: readers and the writer do
 * not block each other). Each read sees one committed snapshot. Because the single writer assigns global
 * positions in commit order, a snapshot always holds a gap-free prefix of global positions: a reader
 * following a category by global position never skips a message.
 *
 * <h2>Files and ownership</h2>
 * {@code <file>}, {@code <file>-wal} and {@code <file>-shm} are SQLite's; {@code <file>.lock} is held while
 * the store is open, so a second store on the same file (in this or another process) fails to open.
 * Always {@link #close()} the store: it finishes queued writes and checkpoints the WAL into the file.
 */
public final class SqliteMessageStore extends AbstractMessageStore implements StoreBrowser, MessageImporter {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteMessageStore.class);

    private final SqliteConfig config;
    private final String description;
    private final FileOwnership ownership;
    private final Connection writeConnection;
    private final Checkpointer checkpointer;
    private final GroupCommitWriter writer;
    private final ReaderPool readers;
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    private final CommittedMessages committedMessages;
    private volatile boolean closed;

    private SqliteMessageStore(SqliteConfig config, FileOwnership ownership, Connection writeConnection,
                               Checkpointer checkpointer, List<ReadConnection> readConnections) throws SQLException {
        super(config.maxMessageBytes());
        this.config = config;
        this.description = "sqlite:" + config.path();
        this.ownership = ownership;
        this.writeConnection = writeConnection;
        this.checkpointer = checkpointer;
        this.readers = new ReaderPool(readConnections, description);
        this.committedMessages = new CommittedMessages(description);
        this.writer = new GroupCommitWriter(writeConnection, checkpointer, config.streamCacheSize(),
                config.durability() == Durability.STRICT, this::notifyListeners, committedMessages, description);
    }

    /** Opens (or creates) the store in one file with the default settings. */
    public static SqliteMessageStore open(Path path) {
        return open(SqliteConfig.of(path));
    }

    /**
     * Opens a store from a URL-like setting such as {@code sqlite:./data/microlith.db?durability=strict}
     * (see {@link SqliteConfig#parse(String)}).
     */
    public static SqliteMessageStore open(String url) {
        return open(SqliteConfig.parse(url));
    }

    /**
     * Opens (or creates) the store. Creates missing parent directories.
     *
     * @throws IncompatibleStoreFileException the file is another application's, or was written by a newer
     *                                        Microlith
     * @throws MessageStoreException          the file is open elsewhere, or cannot be opened
     */
    public static SqliteMessageStore open(SqliteConfig config) {
        Objects.requireNonNull(config, "config");
        Path path = config.path().toAbsolutePath();
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
        } catch (IOException e) {
            throw new MessageStoreException("Cannot create the directory of " + path + ": " + e.getMessage(), e);
        }
        FileOwnership ownership = FileOwnership.acquire(path);
        Connection writeConnection = null;
        Checkpointer checkpointer = null;
        List<ReadConnection> readConnections = new ArrayList<>();
        try {
            writeConnection = Connections.writer(path, config.durability());
            Schema.installOrCheck(writeConnection, path);
            for (int i = 0; i < config.readConnections(); i++) {
                readConnections.add(new ReadConnection(Connections.reader(path)));
            }
            checkpointer = new Checkpointer(Connections.checkpointer(path, config.durability()), "sqlite:" + path);
            return new SqliteMessageStore(config, ownership, writeConnection, checkpointer, readConnections);
        } catch (SQLException | RuntimeException e) {
            for (ReadConnection reader : readConnections) {
                closeQuietly(reader);
            }
            closeQuietly(checkpointer);
            closeQuietly(writeConnection);
            ownership.close();
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new MessageStoreException("Cannot open the SQLite store " + path + ": " + e.getMessage(), e);
        }
    }

    /** The settings this store was opened with. */
    public SqliteConfig config() {
        return config;
    }

    @Override
    protected List<WriteResult> writeChecked(List<StreamWrite> writes) {
        ensureOpen();
        return writer.submit(WriteRequest.of(writes));
    }

    @Override
    protected List<Message> readStreamChecked(StreamName streamName, long fromPosition, int batchSize) {
        ensureOpen();
        return readers.read("stream " + streamName, c -> c.readStream(streamName, fromPosition, batchSize));
    }

    @Override
    protected Optional<Message> lastMessageChecked(StreamName streamName, String type) {
        ensureOpen();
        return readers.read("the last message of " + streamName, c -> c.lastMessage(streamName, type));
    }

    @Override
    protected long streamVersionChecked(StreamName streamName) {
        ensureOpen();
        return readers.read("the version of " + streamName, c -> c.streamVersion(streamName));
    }

    @Override
    protected List<Message> readCategoryChecked(CategoryQuery query) {
        ensureOpen();
        return readers.read("category " + query.category(), c -> c.readCategory(query));
    }

    @Override
    protected List<Message> readMatchingChecked(MessageQuery query, long fromGlobalPosition, int batchSize) {
        ensureOpen();
        return readers.read("messages matching " + query, c -> c.readMatching(query, fromGlobalPosition, batchSize));
    }

    @Override
    protected List<Message> readAllChecked(long fromGlobalPosition, int batchSize) {
        ensureOpen();
        return readers.read("all messages", c -> c.readAll(fromGlobalPosition, batchSize));
    }

    @Override
    public List<CategorySummary> categories() {
        ensureOpen();
        return readers.read("the categories", c -> BrowseQueries.categories(c.connection()));
    }

    @Override
    public List<StreamSummary> streams(String category, long beforeGlobalPosition, int limit) {
        StoreBrowser.requireStreamsQuery(category, beforeGlobalPosition, limit);
        ensureOpen();
        return readers.read("the streams of " + category,
                c -> BrowseQueries.streams(c.connection(), category, beforeGlobalPosition, limit));
    }

    @Override
    public Optional<Message> message(UUID id) {
        Objects.requireNonNull(id, "id");
        ensureOpen();
        return readers.read("message " + id, c -> BrowseQueries.message(c.connection(), id));
    }

    @Override
    public List<Message> correlated(String correlationId, int limit) {
        StoreBrowser.requireCorrelation(correlationId, limit);
        ensureOpen();
        return readers.read("correlation " + correlationId, c -> BrowseQueries.correlated(c.connection(), correlationId, limit));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The import goes through the single writer like a write, committed alone in its own transaction, so it is
     * safe beside concurrent writes; commit listeners and committed-messages listeners hear it as a commit.
     */
    @Override
    public long importMessages(List<Message> messages) {
        MessageImporter.requireCoherent(messages);
        ensureOpen();
        return writer.submit(WriteRequest.importing(messages)).stream().mapToLong(WriteResult::lastGlobalPosition)
                .max().orElseThrow();
    }

    /** The highest committed global position, {@code 0} when empty; kept by the writer, no I/O. */
    @Override
    public long headGlobalPosition() {
        return writer.head();
    }

    /** Writes queued for the writer right now; for tests. */
    int queuedWrites() {
        return writer.queued();
    }

    /**
     * Listeners run on the committing thread (see Writes above) after each group commit, once per category, before
     * the writes of that commit return: keep them short (signal a waiting thread), since the next commit waits for them.
     */
    @Override
    public Registration onCommit(CommitListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Supported. After each group commit, the committing thread hands the listener that commit's messages (every
     * accepted write of the batch, never one that failed with its own error), in global-position order,
     * exactly as a reader would get them, once per commit and one commit at a time, before the writes of the
     * commit return and before the {@link #onCommit} listeners run. Commit order is global-position order, so
     * the calls never go back in position. The next commit waits for the listener: it must be quick and must
     * not call the store (a write from it is refused with an {@link IllegalStateException}). Messages are
     * only built while at least one listener is registered. A listener that throws is logged; the write
     * stands and the other listeners are still called.
     */
    @Override
    public Optional<Registration> onCommittedMessages(CommittedMessagesListener listener) {
        return Optional.of(committedMessages.add(listener));
    }

    private void notifyListeners(Map<String, Long> categories) {
        for (CommitListener listener : listeners) {
            for (Map.Entry<String, Long> category : categories.entrySet()) {
                try {
                    listener.committed(category.getKey(), category.getValue());
                } catch (RuntimeException e) {
                    LOG.warn("A commit listener of {} failed; the others are still called", description, e);
                }
            }
        }
    }

    /**
     * Stops the store: writes already queued are completed (each caller gets its result or error), writes
     * arriving now are refused with a {@link MessageStoreException}, then the connections close and the
     * WAL is checkpointed into the file. Closing twice does nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writer.close();
            checkpointer.close();
            readers.close();
            listeners.clear();
            committedMessages.clear();
        } finally {
            closeQuietly(writeConnection);
            ownership.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new MessageStoreException("The SQLite message store " + description + " is closed");
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("Closing {} failed", closeable, e);
        }
    }

    @Override
    public String toString() {
        return "SqliteMessageStore[" + description + ", " + config.durability() + "]";
    }
}
