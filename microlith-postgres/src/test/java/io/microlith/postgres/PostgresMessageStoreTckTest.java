package io.microlith.postgres;

import io.microlith.store.MessageStore;
import io.microlith.testkit.tck.MessageStoreTck;
import org.junit.jupiter.api.BeforeAll;

/** The PostgreSQL store passes the conformance suite, on a database installed by Microlith. */
class PostgresMessageStoreTckTest extends MessageStoreTck {

    @BeforeAll
    static void server() {
        TestDatabases.requireServer();
    }

    @Override
    protected MessageStore store() {
        return TestDatabases.shared();
    }
}
