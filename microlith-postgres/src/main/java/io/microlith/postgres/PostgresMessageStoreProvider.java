package io.microlith.postgres;

import io.microlith.store.MessageStore;
import io.microlith.store.MessageStoreProvider;

import java.util.Set;

/**
 * Opens {@code postgresql://...} (and {@code postgres://...}) settings with
 * {@link PostgresMessageStore#open(String)}; see {@link PostgresSettings#parse(String)} for the form.
 */
public final class PostgresMessageStoreProvider implements MessageStoreProvider {
    @Override
    public Set<String> schemes() {
        return Set.of("postgresql", "postgres");
    }

    @Override
    public MessageStore open(String setting) {
        return PostgresMessageStore.open(setting);
    }
}
