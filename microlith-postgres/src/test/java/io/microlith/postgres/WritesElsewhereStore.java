package io.microlith.postgres;

import io.microlith.store.ForwardingMessageStore;
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
final class WritesElsewhereStore extends ForwardingMessageStore {
    private final MessageWriter writer;
    private final MessageStore reader;

    WritesElsewhereStore(MessageWriter writer, MessageStore reader) {
        this.writer = writer;
        this.reader = reader;
    }

    @Override
    protected MessageStore delegate() {
        return reader;
    }

    @Override
    public List<WriteResult> write(List<StreamWrite> writes) {
        return writer.write(writes);
    }

    @Override
    public Optional<Registration> onCommittedMessages(CommittedMessagesListener listener) {
        // The writes happen elsewhere: the reading store never sees these commits being made.
        return Optional.empty();
    }

    @Override
    public void close() {
        // The owner closes the writer and the reader.
    }
}
