package io.microlith.bus;

import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.store.CategoryQuery;
import io.microlith.store.MessageStore;
import io.microlith.store.StreamWrite;
import io.microlith.store.WriteResult;
import io.microlith.store.memory.InMemoryMessageStore;

import java.util.List;
import java.util.Optional;

/**
 * An in-memory store that, like a store in another process, does not hand its commits over
 * ({@code onCommittedMessages} keeps its default): the buses must follow it by reading.
 */
final class FollowingStore implements MessageStore {
    private final InMemoryMessageStore store = new InMemoryMessageStore();

    @Override
    public List<WriteResult> write(List<StreamWrite> writes) {
        return store.write(writes);
    }

    @Override
    public List<Message> readStream(StreamName streamName, long fromPosition, int batchSize) {
        return store.readStream(streamName, fromPosition, batchSize);
    }

    @Override
    public Optional<Message> lastMessage(StreamName streamName, String type) {
        return store.lastMessage(streamName, type);
    }

    @Override
    public long streamVersion(StreamName streamName) {
        return store.streamVersion(streamName);
    }

    @Override
    public List<Message> readCategory(CategoryQuery query) {
        return store.readCategory(query);
    }

    @Override
    public List<Message> readAll(long fromGlobalPosition, int batchSize) {
        return store.readAll(fromGlobalPosition, batchSize);
    }

    @Override
    public long headGlobalPosition() {
        return store.headGlobalPosition();
    }

    @Override
    public Registration onCommit(CommitListener listener) {
        return store.onCommit(listener);
    }

    @Override
    public void close() {
        store.close();
    }
}
