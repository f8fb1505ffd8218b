package io.microlith.postgres;

import io.microlith.store.MessageStore;
import io.microlith.testkit.tck.MessageStoreTck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The whole conformance suite with pipelined commits ({@link CommitMode#PIPELINED}). */
class PipelinedCommitTckTest extends MessageStoreTck {
    private static PostgresMessageStore store;

    @BeforeAll
    static void open() {
        TestDatabases.requireServer();
        store = PostgresMessageStore.open(TestDatabases.settings(TestDatabases.create("pipelined"))
                .withCommitMode(CommitMode.PIPELINED));
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
