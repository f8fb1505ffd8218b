package io.microlith.store;

import io.microlith.message.InvalidStreamNameException;
import io.microlith.message.Message;
import io.microlith.message.MessageLimits;
import io.microlith.message.StreamName;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The base of every store: checks the arguments of each {@link MessageStore} operation once, here, and
 * hands the store only input the contract allows. So every store refuses the same bad input with the
 * same exception and message, and a rule cannot be enforced in one operation and forgotten in the next.
 *
 * <p>The rules, besides those the values check themselves ({@link StreamWrite}, {@link CategoryQuery},
 * {@link ConsumerGroup}, {@link ExpectedVersion}):
 * <ul>
 *   <li>a bare category is not a stream: {@code readStream}, {@code lastMessage} and {@code streamVersion}
 *       refuse one with an {@link InvalidStreamNameException}, as {@link StreamWrite} refuses to write one;</li>
 *   <li>positions are not negative and batch sizes are at least 1 ({@link Reads});</li>
 *   <li>a write holds at least one stream write, and no message id twice
 *       ({@link DuplicateMessageIdException}, nothing written);</li>
 *   <li>no message is larger than the store's {@link #maxMessageBytes()} (its data and metadata as UTF-8 JSON;
 *       {@link MessageTooLargeException}, nothing written).</li>
 * </ul>
 * The store implements the {@code *Checked} methods, which are only called with arguments that passed.
 * Whether the store is open is the store's own check.
 */
public abstract class AbstractMessageStore implements MessageStore {
    private final int maxMessageBytes;

    /** A store that takes messages of up to {@link MessageLimits#DEFAULT_MAX_MESSAGE_BYTES} (1 MiB). */
    protected AbstractMessageStore() {
        this(MessageLimits.DEFAULT_MAX_MESSAGE_BYTES);
    }

    /**
     * A store that takes messages of up to {@code maxMessageBytes}.
     *
     * @throws IllegalArgumentException unless it is between {@link MessageLimits#MIN_MAX_MESSAGE_BYTES} (16 KiB) and
     *                                  {@link MessageLimits#MAX_MESSAGE_BYTES} (16 MiB)
     */
    protected AbstractMessageStore(int maxMessageBytes) {
        this.maxMessageBytes = MessageLimits.requireMaxMessageBytes(maxMessageBytes);
    }

    /**
     * The largest message this store writes, in bytes: its data and its metadata as stored, both as UTF-8
     * JSON. A write holding a larger message fails with {@link MessageTooLargeException}.
     */
    public final int maxMessageBytes() {
        return maxMessageBytes;
    }

    @Override
    public final List<WriteResult> write(List<StreamWrite> writes) {
        Objects.requireNonNull(writes, "writes");
        if (writes.isEmpty()) {
            throw new IllegalArgumentException("A write needs at least one stream write");
        }
        for (StreamWrite write : writes) {
            Objects.requireNonNull(write, "A write must not hold a null stream write");
        }
        MessageIdsInWrite.requireDistinct(writes);
        MessageSizes.requireWithin(writes, maxMessageBytes);
        return writeChecked(writes);
    }

    @Override
    public final List<Message> readStream(StreamName streamName, long fromPosition, int batchSize) {
        requireStream(streamName);
        Reads.requirePosition(fromPosition, "stream position");
        Reads.requireBatchSize(batchSize);
        return readStreamChecked(streamName, fromPosition, batchSize);
    }

    @Override
    public final Optional<Message> lastMessage(StreamName streamName, String type) {
        requireStream(streamName);
        return lastMessageChecked(streamName, type);
    }

    @Override
    public final long streamVersion(StreamName streamName) {
        requireStream(streamName);
        return streamVersionChecked(streamName);
    }

    @Override
    public final List<Message> readCategory(CategoryQuery query) {
        Objects.requireNonNull(query, "query");
        return readCategoryChecked(query);
    }

    @Override
    public final List<Message> readMatching(MessageQuery query, long fromGlobalPosition, int batchSize) {
        Objects.requireNonNull(query, "query");
        Reads.requirePosition(fromGlobalPosition, "global position");
        Reads.requireBatchSize(batchSize);
        return readMatchingChecked(query, fromGlobalPosition, batchSize);
    }

    @Override
    public final List<Message> readAll(long fromGlobalPosition, int batchSize) {
        Reads.requirePosition(fromGlobalPosition, "global position");
        Reads.requireBatchSize(batchSize);
        return readAllChecked(fromGlobalPosition, batchSize);
    }

    /**
     * {@link #write(List)} with a non-empty list of stream writes whose message ids are all distinct
     * (whether they are already stored is the store's to find out), none larger than the maximum.
     */
    protected abstract List<WriteResult> writeChecked(List<StreamWrite> writes);

    /** {@link #readStream(StreamName, long, int)} of a stream (never a bare category), position and size valid. */
    protected abstract List<Message> readStreamChecked(StreamName streamName, long fromPosition, int batchSize);

    /** {@link #lastMessage(StreamName, String)} of a stream (never a bare category). */
    protected abstract Optional<Message> lastMessageChecked(StreamName streamName, String type);

    /** {@link #streamVersion(StreamName)} of a stream (never a bare category). */
    protected abstract long streamVersionChecked(StreamName streamName);

    /** {@link #readCategory(CategoryQuery)} with a query (never {@code null}; it checks itself). */
    protected abstract List<Message> readCategoryChecked(CategoryQuery query);

    /** {@link #readMatching(MessageQuery, long, int)} with a query, a position not negative and a batch size of at least 1. */
    protected abstract List<Message> readMatchingChecked(MessageQuery query, long fromGlobalPosition, int batchSize);

    /** {@link #readAll(long, int)} with a position that is not negative and a batch size of at least 1. */
    protected abstract List<Message> readAllChecked(long fromGlobalPosition, int batchSize);

    private static void requireStream(StreamName streamName) {
        Objects.requireNonNull(streamName, "streamName");
        if (streamName.isCategory()) {
            throw new InvalidStreamNameException(streamName.value(),
                    "a bare category is not a stream; read it with readCategory");
        }
    }
}
