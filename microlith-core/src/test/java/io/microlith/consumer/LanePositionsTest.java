package io.microlith.consumer;

import io.microlith.message.Message;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.memory.InMemoryMessageStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LanePositionsTest {
    private final InMemoryMessageStore store = new InMemoryMessageStore();

    private Message written(String stream) {
        store.write(StreamName.of(stream), NewMessage.of("Deposited", "{}"));
        return store.lastMessage(StreamName.of(stream)).orElseThrow();
    }

    @Test
    void a_message_at_or_below_its_lanes_position_is_not_new() {
        LanePositions lanes = LanePositions.inStore(store, "account", "balances");
        Message first = written("account-1");
        Message second = written("account-1");

        assertThat(lanes.isNew(0, first, false)).isTrue();
        lanes.processed(0, first.globalPosition());
        assertThat(lanes.isNew(0, first, false)).isFalse();
        assertThat(lanes.isNew(0, second, false)).isTrue();
        assertThat(lanes.isNew(1, first, false)).isTrue();
    }

    @Test
    void positions_are_kept_in_the_store_beside_the_consumer() {
        LanePositions lanes = LanePositions.inStore(store, "account", "balances");
        Message first = written("account-1");
        lanes.processed(3, first.globalPosition());

        assertThat(store.lastMessage(StreamName.of("account:position-balances+lane3")).orElseThrow().type())
                .isEqualTo("Recorded");
        assertThat(LanePositions.inStore(store, "account", "balances").isNew(3, first, false)).isFalse();
    }

    @Test
    void a_message_maybe_seen_before_is_checked_against_what_another_process_saved() {
        LanePositions here = LanePositions.inStore(store, "account", "balances");
        LanePositions elsewhere = LanePositions.inStore(store, "account", "balances");
        Message first = written("account-1");
        assertThat(here.isNew(0, first, false)).isTrue();

        elsewhere.processed(0, first.globalPosition());

        assertThat(here.isNew(0, first, false)).as("cached").isTrue();
        assertThat(here.isNew(0, first, true)).as("read again").isFalse();
        here.forget(0);
        Message second = written("account-1");
        elsewhere.processed(0, second.globalPosition());
        assertThat(here.isNew(0, second, false)).as("forgotten lane read again").isFalse();
    }
}
