package io.microlith.store;

import io.microlith.message.Message;
import io.microlith.message.StreamName;

import java.util.List;
import java.util.Optional;

/** Reads single streams. Bare category names are refused with an {@code InvalidStreamNameException}. */
public interface StreamReader {

    /**
     * Messages of one stream with {@code position >= fromPosition}, in position order, at most
     * {@code batchSize}. Empty when the stream has no such messages (or does not exist).
     */
    List<Message> readStream(StreamName streamName, long fromPosition, int batchSize);

    /** {@link #readStream(StreamName, long, int)} in batches of {@value CategoryQuery#DEFAULT_BATCH_SIZE}. */
    default List<Message> readStream(StreamName streamName, long fromPosition) {
        return readStream(streamName, fromPosition, CategoryQuery.DEFAULT_BATCH_SIZE);
    }

    /** The message with the highest position, or empty when the stream has none. */
    default Optional<Message> lastMessage(StreamName streamName) {
        return lastMessage(streamName, null);
    }

    /** The highest-position message of the given type ({@code null}: any type), or empty. */
    Optional<Message> lastMessage(StreamName streamName, String type);

    /** The position of the stream's last message, {@code -1} when it has none. */
    long streamVersion(StreamName streamName);
}
