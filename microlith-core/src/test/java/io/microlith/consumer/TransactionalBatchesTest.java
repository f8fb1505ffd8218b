package io.microlith.consumer;

import io.microlith.message.Message;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionalBatchesTest {

    /** Records its transactions in the shared log. */
    private record LoggingPositionStore(List<String> log) implements TransactionalPositionStore {
        @Override
        public long load() {
            return 0;
        }

        @Override
        public void begin() {
            log.add("begin");
        }

        @Override
        public void commit(long globalPosition) {
            log.add("commit " + globalPosition);
        }

        @Override
        public void rollback() {
            log.add("rollback");
        }
    }

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Parts parts = new Parts(log, new LoggingPositionStore(log));

    private TransactionalBatches failingOn(String poison) {
        Dispatcher dispatcher = Parts.dispatcher("Deposited", (body, message) -> {
            log.add("handle " + message.streamName().id().orElseThrow());
            if (message.streamName().id().orElseThrow().equals(poison)) {
                throw new IllegalStateException("poison");
            }
        });
        RetryThenPark handling = parts.handling(dispatcher, RetryPolicy.noRetry(), HoldBack.STREAM);
        return (TransactionalBatches) BatchProcessing.choose("c", 4, parts.positionStore, dispatcher, handling,
                parts.positions, parts.listener);
    }

    @Test
    void commits_a_batch_in_one_transaction_with_its_position() {
        List<Message> batch = List.of(parts.write("account-1", "Deposited"), parts.write("account-2", "Deposited"));

        failingOn("none").process(batch);

        assertThat(log).containsExactly("begin", "handle 1", "handle 2", "commit 2");
        assertThat(parts.positions.position()).isEqualTo(2);
        assertThat(parts.positions.unsaved()).isFalse();
    }

    @Test
    void after_a_failure_rolls_back_and_handles_one_message_per_transaction() {
        List<Message> batch = List.of(parts.write("account-1", "Deposited"), parts.write("account-2", "Deposited"),
                parts.write("account-3", "Deposited"));

        failingOn("2").process(batch);

        assertThat(log).containsExactly(
                "begin", "handle 1", "handle 2", "rollback",
                "begin", "handle 1", "commit 1",
                "begin", "handle 2", "rollback", // parked...
                "begin", "commit 2",               // ...and the position moves past it on its own
                "begin", "handle 3", "commit 3");
        assertThat(parts.parking.list()).extracting(ParkedMessage::globalPosition).containsExactly(2L);
        assertThat(parts.positions.position()).isEqualTo(3);
    }
}
