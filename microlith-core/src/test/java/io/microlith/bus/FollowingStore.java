package io.microlith.bus;

import io.microlith.store.ForwardingMessageStore;
import io.microlith.store.MessageStore;
import io.microlith.store.memory.InMemoryMessageStore;

import java.util.Optional;

/**
 * An in-memory store that, like a store in another process, does not hand its commits over
 * ({@code onCommittedMessages} answers empty): the buses must follow it by reading.
 */
final class FollowingStore extends ForwardingMessageStore {
    private final InMemoryMessageStore store = new InMemoryMessageStore();

    @Override
    protected MessageStore delegate() {
        return store;
    }

    @Override
    public Optional<Registration> onCommittedMessages(CommittedMessagesListener listener) {
        return Optional.empty();
    }
}
