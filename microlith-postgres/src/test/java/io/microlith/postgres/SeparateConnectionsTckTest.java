package io.microlith.postgres;

import io.microlith.store.MessageStore;
import io.microlith.testkit.tck.MessageStoreTck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.ArrayList;
import java.util.List;

/**
 * The whole conformance suite with every write going, in turn, through one of eight stores of one
 * connection each, and every read and notification through a ninth: the TCK's concurrency checks (no
 * reader skips, exactly one winner per expected version) then race eight database sessions, which only
 * PostgreSQL orders.
 */
class SeparateConnectionsTckTest extends MessageStoreTck {
    private static final List<PostgresMessageStore> STORES = new ArrayList<>();
    private static MessageStore store;

    @BeforeAll
    static void open() {
        TestDatabases.requireServer();
        if (store != null) {
            return;
        }
        String database = TestDatabases.create("connections");
        PostgresMessageStore reader = PostgresMessageStore.open(TestDatabases.settings(database).withPoolSize(4));
        STORES.add(reader);
        List<PostgresMessageStore> writers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            writers.add(PostgresMessageStore.open(TestDatabases.settings(database).withPoolSize(1)));
        }
        STORES.addAll(writers);
        store = new WritesElsewhereStore(new RoundRobinWriter(writers), reader);
    }

    @AfterAll
    static void close() {
        STORES.forEach(PostgresMessageStore::close);
        STORES.clear();
        store = null;
    }

    @Override
    protected MessageStore store() {
        return store;
    }
}
