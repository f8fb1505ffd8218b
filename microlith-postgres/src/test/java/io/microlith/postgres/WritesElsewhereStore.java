package io.microlith.postgres;

import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.store.CategoryQuery;
import io.microlith.store.MessageStore;
import io.microlith.store.MessageWriter;
import io.microlith.store.StreamWrite;
import io.microlith.store.WriteResult;

import java.util.List;
import java.util.Optional;

/**
 * A store for the TCK whose writes go elsewhere (other connections, another JVM) while reads and
 * notifications come from a reading store: so that the TCK's concurrency checks have their writers where
 * PostgreSQL, not the Java process, must keep order.
 */
final class WritesElsewhereStore implements MessageStore {
    private final MessageWriter writer;
    private final MessageStore reader;

    WritesElsewhereStore(MessageWriter writer, MessageStore reader) {
        this.writer = writer;
        this.reader = reader;
    }

    @Override
    public List<WriteResult> write(List<StreamWrite> writes) {
        return writer.write(writes);
    }

    @Override
    public List<Message> readStream(StreamName streamName, long fromPosition, int batchSize) {
        return reader.readStream(streamName, fromPosition, batchSize);
    }

    @Override
    public Optional<Message> lastMessage(StreamName streamName, String type) {
        return reader.lastMessage(streamName, type);
    }

    @Override
    public long streamVersion(StreamName streamName) {
        return reader.streamVersion(streamName);
    }

    @Override
    public List<Message> readCategory(CategoryQuery query) {
        return reader.readCategory(query);
    }

    @Override
    public List<Message> readAll(long fromGlobalPosition, int batchSize) {
        return reader.readAll(fromGlobalPosition, batchSize);
    }

    @Override
    public long headGlobalPosition() {
        return reader.headGlobalPosition();
    }

    @Override
    public Registration onCommit(CommitListener listener) {
        return reader.onCommit(listener);
    }

    @Override
    public void close() {
        // The owner closes the writer and the reader.
    }
}
