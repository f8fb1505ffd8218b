package io.microlith.store.memory;

import io.microlith.message.Message;
import io.microlith.message.MessageLimits;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.AbstractMessageStore;
import io.microlith.store.AppendCondition;
import io.microlith.store.AppendConditionFailedException;
import io.microlith.store.CategoryQuery;
import io.microlith.store.CategorySummary;
import io.microlith.store.ConsumerGroup;
import io.microlith.store.DuplicateMessageIdException;
import io.microlith.store.ExpectedVersionException;
import io.microlith.store.MessageQuery;
import io.microlith.store.MessageStoreException;
import io.microlith.store.StoreBrowser;
import io.microlith.store.StreamSummary;
import io.microlith.store.StreamWrite;
import io.microlith.store.WriteResult;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * A message store in memory: thread-safe, fast, gone when the process ends. For tests, tools and
 * single-process demos. Writes are serialised by one lock, so global positions are handed out in
 * commit order and no reader can skip; reads share a read lock. Browsing ({@link StoreBrowser}) walks the
 * streams or the messages held, newest first for a message by id.
 */
public final class InMemoryMessageStore extends AbstractMessageStore implements StoreBrowser {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryMessageStore.class);

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ReentrantLock notifying = new ReentrantLock();
    private final ArrayList<Message> all = new ArrayList<>();
    private final Map<String, StoredStream> streams = new HashMap<>();
    private final Map<String, CategoryIndex> categories = new HashMap<>();
    private final IdSet ids = new IdSet();
    /** The messages of each tag, in global order. */
    private final Map<String, ArrayList<Message>> tagged = new HashMap<>();
    private final MatchingReads matching = new MatchingReads(tagged, categories);
    private final InMemoryBrowsing browsing = new InMemoryBrowsing(all, streams, categories, ids);
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    private final List<CommittedMessagesListener> messageListeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** An empty store that takes messages of up to {@link MessageLimits#DEFAULT_MAX_MESSAGE_BYTES} (1 MiB). */
    public InMemoryMessageStore() {
    }

    /**
     * An empty store that takes messages of up to {@code maxMessageBytes} (data and metadata, UTF-8 bytes).
     *
     * @throws IllegalArgumentException unless it is between {@link MessageLimits#MIN_MAX_MESSAGE_BYTES} (16 KiB) and
     *                                  {@link MessageLimits#MAX_MESSAGE_BYTES} (16 MiB)
     */
    public InMemoryMessageStore(int maxMessageBytes) {
        super(maxMessageBytes);
    }

    @Override
    protected List<WriteResult> writeChecked(List<StreamWrite> writes) {
        ensureOpen();
        Instant time = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<WriteResult> results = new ArrayList<>(writes.size());
        Map<String, Long> committed = new LinkedHashMap<>();
        List<Message> committedMessages = null;
        lock.writeLock().lock();
        try {
            StoredStream[] targets = check(writes);
            int first = all.size();
            for (int w = 0; w < writes.size(); w++) {
                results.add(append(writes.get(w), targets[w], time, committed));
            }
            if (!messageListeners.isEmpty()) {
                committedMessages = List.copyOf(all.subList(first, all.size()));
                // taken before the write lock is let go: commits reach listeners in global order, while the
                // next writer may already append
                notifying.lock();
            }
        } finally {
            lock.writeLock().unlock();
        }
        if (committedMessages != null) {
            try {
                for (CommittedMessagesListener listener : messageListeners) {
                    try {
                        listener.committed(committedMessages);
                    } catch (RuntimeException e) {
                        // the write is committed: a listener's failure must not make it look failed
                        LOG.warn("A committed-messages listener failed", e);
                    }
                }
            } finally {
                notifying.unlock();
            }
        }
        committed.forEach(this::notifyListeners);
        return results;
    }

    /**
     * Checks every expectation and append condition, then claims every id, before anything is appended, so that a
     * failure writes nothing. A condition also sees the messages of the earlier writes of the call. Ids are claimed
     * in the store's id set directly (and released on failure) rather than gathered in a second set.
     *
     * @return each write's stream as found, null for a stream not stored yet: looked up once per write, as the
     *         lookup is a cache miss in a store of many streams
     */
    private StoredStream[] check(List<StreamWrite> writes) {
        StoredStream[] targets = new StoredStream[writes.size()];
        Map<String, Long> versions = writes.size() == 1 ? null : new HashMap<>();
        for (int w = 0; w < writes.size(); w++) {
            StreamWrite write = writes.get(w);
            String name = write.streamName().value();
            targets[w] = streams.get(name);
            long version = versions == null ? versionOf(targets[w])
                    : versions.computeIfAbsent(name, k -> versionOf(streams.get(k)));
            if (!write.expected().matches(version)) {
                throw new ExpectedVersionException(write.streamName(), write.expected(), version);
            }
            AppendCondition condition = write.condition();
            if (condition != null) {
                long found = lastMatchingAfter(condition, writes.subList(0, w));
                if (!condition.holdsAt(found)) {
                    throw new AppendConditionFailedException(write.streamName(), condition, found);
                }
            }
            if (versions != null) {
                versions.put(name, version + write.messages().size());
            }
        }
        for (StreamWrite write : writes) {
            for (NewMessage message : write.messages()) {
                if (!ids.add(message.id())) {
                    releaseClaimedBefore(writes, message);
                    throw new DuplicateMessageIdException(message.id());
                }
            }
        }
        return targets;
    }

    /** Takes back the ids {@link #check} claimed before it met {@code duplicate} (ids within a write are distinct). */
    private void releaseClaimedBefore(List<StreamWrite> writes, NewMessage duplicate) {
        for (StreamWrite write : writes) {
            for (NewMessage message : write.messages()) {
                if (message == duplicate) {
                    return;
                }
                ids.remove(message.id());
            }
        }
    }

    /** The last global position matching the condition after its position: of the call's earlier writes, else stored. */
    private long lastMatchingAfter(AppendCondition condition, List<StreamWrite> earlier) {
        long pending = condition.lastMatchingIn(earlier, all.size() + 1L);
        return pending != AppendCondition.NONE ? pending : matching.lastMatchingAfter(condition.query(), condition.after());
    }

    /** Appends to {@code stored}, or to the stream made now when it is null (or was made by an earlier write of the call). */
    private WriteResult append(StreamWrite write, StoredStream stored, Instant time, Map<String, Long> committed) {
        StreamName name = write.streamName();
        if (stored == null) {
            stored = streams.computeIfAbsent(name.value(), k -> new StoredStream(name,
                    categories.computeIfAbsent(name.category(), c -> new CategoryIndex())));
        }
        ArrayList<Message> stream = stored.messages;
        CategoryIndex categoryIndex = stored.categoryIndex;
        long hash = stored.cardinalHash;
        long firstPosition = stream.size();
        for (NewMessage m : write.messages()) {
            Message message = new Message(m.id(), name, m.type(), stream.size(), all.size() + 1L, time, m.data(),
                    m.metadata());
            stream.add(message);
            all.add(message);
            categoryIndex.add(message, hash);
            for (String tag : m.metadata().tags()) {
                tagged.computeIfAbsent(tag, k -> new ArrayList<>()).add(message);
            }
        }
        committed.put(stored.category, (long) all.size());
        return new WriteResult(name, firstPosition, stream.size() - 1L, all.size());
    }

    private static long versionOf(StoredStream stream) {
        return stream == null ? -1 : stream.version();
    }

    @Override
    protected List<Message> readStreamChecked(StreamName streamName, long fromPosition, int batchSize) {
        ensureOpen();
        lock.readLock().lock();
        try {
            StoredStream stored = streams.get(streamName.value());
            ArrayList<Message> stream = stored == null ? null : stored.messages;
            if (stream == null || fromPosition >= stream.size()) {
                return List.of();
            }
            int from = (int) fromPosition;
            return List.copyOf(stream.subList(from, (int) Math.min(stream.size(), from + (long) batchSize)));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    protected Optional<Message> lastMessageChecked(StreamName streamName, String type) {
        ensureOpen();
        lock.readLock().lock();
        try {
            StoredStream stored = streams.get(streamName.value());
            if (stored == null) {
                return Optional.empty();
            }
            ArrayList<Message> stream = stored.messages;
            for (int i = stream.size() - 1; i >= 0; i--) {
                Message message = stream.get(i);
                if (type == null || type.equals(message.type())) {
                    return Optional.of(message);
                }
            }
            return Optional.empty();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    protected long streamVersionChecked(StreamName streamName) {
        ensureOpen();
        lock.readLock().lock();
        try {
            return versionOf(streams.get(streamName.value()));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    protected List<Message> readCategoryChecked(CategoryQuery query) {
        ensureOpen();
        lock.readLock().lock();
        try {
            CategoryIndex index = categories.get(query.category());
            if (index == null) {
                return List.of();
            }
            List<Message> batch = new ArrayList<>(Math.min(query.batchSize(), 256));
            ConsumerGroup group = query.consumerGroup();
            for (int i = index.firstAtOrAfter(query.fromGlobalPosition()); i < index.size(); i++) {
                long hash = index.cardinalHash(i);
                if (group != null && (hash == CategoryIndex.NO_ID
                        || ConsumerGroup.memberOf(hash, group.size()) != group.member())) {
                    continue;
                }
                Message message = index.message(i);
                if (query.correlation() != null && !correlates(message, query.correlation())) {
                    continue;
                }
                batch.add(message);
                if (batch.size() == query.batchSize()) {
                    break;
                }
            }
            return batch;
        } finally {
            lock.readLock().unlock();
        }
    }

    private static boolean correlates(Message message, String correlation) {
        StreamName stream = message.metadata().correlationStreamName();
        return stream != null && stream.category().equals(correlation);
    }

    @Override
    protected List<Message> readMatchingChecked(MessageQuery query, long fromGlobalPosition, int batchSize) {
        ensureOpen();
        lock.readLock().lock();
        try {
            return matching.read(query, fromGlobalPosition, batchSize);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    protected List<Message> readAllChecked(long fromGlobalPosition, int batchSize) {
        ensureOpen();
        lock.readLock().lock();
        try {
            int from = (int) Math.max(0, fromGlobalPosition - 1);
            if (from >= all.size()) {
                return List.of();
            }
            return List.copyOf(all.subList(from, (int) Math.min(all.size(), from + (long) batchSize)));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<CategorySummary> categories() {
        return browsing(InMemoryBrowsing::categories);
    }

    @Override
    public List<StreamSummary> streams(String category, long beforeGlobalPosition, int limit) {
        StoreBrowser.requireStreamsQuery(category, beforeGlobalPosition, limit);
        return browsing(browse -> browse.streams(category, beforeGlobalPosition, limit));
    }

    @Override
    public Optional<Message> message(UUID id) {
        Objects.requireNonNull(id, "id");
        return browsing(browse -> browse.message(id));
    }

    @Override
    public List<Message> correlated(String correlationId, int limit) {
        StoreBrowser.requireCorrelation(correlationId, limit);
        return browsing(browse -> browse.correlated(correlationId, limit));
    }

    private <T> T browsing(Function<InMemoryBrowsing, T> read) {
        ensureOpen();
        lock.readLock().lock();
        try {
            return read.apply(browsing);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long headGlobalPosition() {
        lock.readLock().lock();
        try {
            return all.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Registration onCommit(CommitListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Supported: listeners are called right after each commit, one commit at a time, in global order. */
    @Override
    public Optional<Registration> onCommittedMessages(CommittedMessagesListener listener) {
        messageListeners.add(listener);
        return Optional.of(() -> messageListeners.remove(listener));
    }

    private void notifyListeners(String category, long globalPosition) {
        for (CommitListener listener : listeners) {
            listener.committed(category, globalPosition);
        }
    }

    @Override
    public void close() {
        closed = true;
        listeners.clear();
        messageListeners.clear();
    }

    private void ensureOpen() {
        if (closed) {
            throw new MessageStoreException("The in-memory message store is closed");
        }
    }
}
