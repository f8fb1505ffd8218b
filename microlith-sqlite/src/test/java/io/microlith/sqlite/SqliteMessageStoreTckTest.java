package io.microlith.sqlite;

import io.microlith.store.MessageStore;
import io.microlith.testkit.tck.MessageStoreTck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The SQLite store passes the whole conformance suite, on one file shared by every test of the run. */
class SqliteMessageStoreTckTest extends MessageStoreTck {
    @TempDir
    static Path dir;
    private static SqliteMessageStore store;

    @BeforeAll
    static void open() {
        store = SqliteMessageStore.open(dir.resolve("tck.db"));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Override
    protected MessageStore store() {
        return store;
    }
}
