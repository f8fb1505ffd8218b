package io.microlith.postgres;

import io.microlith.message.StreamName;
import io.microlith.store.MessageStore;
import io.microlith.testkit.tck.MessageStoreTck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole conformance suite on a database installed by message-db's own installer (from npm), holding
 * messages written by a message-db client, and then adopted by Microlith when the store opened.
 */
class AdoptedMessageDbTckTest extends MessageStoreTck {
    private static PostgresMessageStore store;

    @BeforeAll
    static void adopt() throws Exception {
        String database = MessageDbInstall.installInto("adopted");
        try (Connection client = TestDatabases.connect(database); Statement statement = client.createStatement()) {
            statement.execute("SET search_path = message_store, public");
            for (int i = 0; i < 3; i++) {
                statement.execute("SELECT write_message('" + UUID.randomUUID() + "', 'before-1', 'Written', '{\"i\":" + i + "}')");
            }
        }
        store = PostgresMessageStore.open(TestDatabases.settings(database));
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void keeps_the_messages_written_before_the_adoption() {
        assertThat(store.readStream(StreamName.of("before-1"), 0)).hasSize(3);
    }

    @Override
    protected MessageStore store() {
        return store;
    }
}
