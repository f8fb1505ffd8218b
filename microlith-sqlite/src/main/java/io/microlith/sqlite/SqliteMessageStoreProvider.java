package io.microlith.sqlite;

import io.microlith.store.MessageStore;
import io.microlith.store.MessageStoreProvider;

import java.util.Set;

/**
 * Opens {@code sqlite:} settings for {@link io.microlith.store.MessageStores#open(String)}, e.g.
 * {@code sqlite:./data/microlith.db?durability=strict}; see {@link SqliteConfig#parse(String)}.
 */
public final class SqliteMessageStoreProvider implements MessageStoreProvider {
    @Override
    public Set<String> schemes() {
        return Set.of("sqlite");
    }

    @Override
    public MessageStore open(String setting) {
        return SqliteMessageStore.open(setting);
    }
}
