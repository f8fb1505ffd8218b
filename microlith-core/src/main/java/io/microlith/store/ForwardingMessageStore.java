package io.microlith.store;

import io.microlith.message.Message;
import io.microlith.message.StreamName;

import java.util.List;
import java.util.Optional;

/**
 * A store that hands every call to another one: the base for decorators (metrics, tracing, a store whose
 * writes go elsewhere) that override only what they change. Everything, including
 * {@link #onCommittedMessages} and {@link #close()}, is forwarded unless overridden.
 */
public abstract class ForwardingMessageStore implements MessageStore {

    /** The store calls are handed to. */
    protected abstract MessageStore delegate();

    @Override
    public List<WriteResult> write(List<StreamWrite> writes) {
        return delegate().write(writes);
    }

    @Override
    public List<Message> readStream(StreamName streamName, long fromPosition, int batchSize) {
        return delegate().readStream(streamName, fromPosition, batchSize);
    }

    @Override
    public Optional<Message> lastMessage(StreamName streamName, String type) {
        return delegate().lastMessage(streamName, type);
    }

    @Override
    public long streamVersion(StreamName streamName) {
        return delegate().streamVersion(streamName);
    }

    @Override
    public List<Message> readCategory(CategoryQuery query) {
        return delegate().readCategory(query);
    }

    @Override
    public List<Message> readAll(long fromGlobalPosition, int batchSize) {
        return delegate().readAll(fromGlobalPosition, batchSize);
    }

    @Override
    public List<Message> readMatching(MessageQuery query, long fromGlobalPosition, int batchSize) {
        return delegate().readMatching(query, fromGlobalPosition, batchSize);
    }

    @Override
    public long headGlobalPosition() {
        return delegate().headGlobalPosition();
    }

    @Override
    public Registration onCommit(CommitListener listener) {
        return delegate().onCommit(listener);
    }

    @Override
    public Optional<Registration> onCommittedMessages(CommittedMessagesListener listener) {
        return delegate().onCommittedMessages(listener);
    }

    @Override
    public void close() {
        delegate().close();
    }
}
