package io.microlith.store.memory;

import io.microlith.store.MessageStore;
import io.microlith.store.MessageStoreProvider;

import java.util.Set;

/** Opens {@code memory:} settings: a new, empty {@link InMemoryMessageStore} each time. */
public final class InMemoryMessageStoreProvider implements MessageStoreProvider {
    @Override
    public Set<String> schemes() {
        return Set.of("memory");
    }

    @Override
    public MessageStore open(String setting) {
        return new InMemoryMessageStore();
    }
}
