package io.microlith.postgres;

import io.microlith.store.MessageStore;
import io.microlith.testkit.tck.NoSkipContract;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Shows that the read fence of decision 0099 is what keeps readers from skipping, now that writers commit side by
 * side: the same store with {@code read_fence()} switched off (it ignores the writers in flight) fails
 * {@link NoSkipContract}'s proof with eight writer connections, the reader of the whole store having passed a
 * position that a transaction still in flight then committed. With the fence on, the same proof passes
 * ({@code SeparateConnectionsTckTest}, {@code NoSkipAcrossConnectionsTest}).
 */
class FenceOffFailsNoSkipTest {

    @Test
    void a_store_whose_readers_ignore_the_writers_in_flight_fails_the_no_skip_proof() throws Exception {
        TestDatabases.requireServer();
        String database = TestDatabases.create("fenceoff");
        List<PostgresMessageStore> stores = new ArrayList<>();
        try {
            PostgresMessageStore reader = PostgresMessageStore.open(TestDatabases.settings(database).withPoolSize(4));
            stores.add(reader);
            SchemaSurgery.switchTheFenceOff(database);
            List<PostgresMessageStore> writers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                writers.add(PostgresMessageStore.open(TestDatabases.settings(database).withPoolSize(1)));
            }
            stores.addAll(writers);
            MessageStore store = new WritesElsewhereStore(new RoundRobinWriter(writers), reader);

            assertThatThrownBy(() -> NoSkipContract.proveNoReaderSkips(store, Duration.ofSeconds(3)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("skipped")
                    .satisfies(failure -> System.out.println("Fence off, as expected: " + failure.getMessage()));
        } finally {
            stores.forEach(PostgresMessageStore::close);
        }
    }
}
