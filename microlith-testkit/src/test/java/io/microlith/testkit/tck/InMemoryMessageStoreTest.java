package io.microlith.testkit.tck;

import io.microlith.store.MessageStore;
import io.microlith.store.memory.InMemoryMessageStore;

/** The in-memory store passes the conformance suite (it lives here because core cannot depend on the testkit). */
class InMemoryMessageStoreTest extends MessageStoreTck {
    private static final MessageStore STORE = new InMemoryMessageStore();

    @Override
    protected MessageStore store() {
        return STORE;
    }
}
