package io.microlith.consumer;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class PositionKeeperTest {
    /** Records saves; fails them while {@code failing}. */
    private static final class RecordingPositionStore implements PositionStore {
        final List<Long> saves = new CopyOnWriteArrayList<>();
        volatile boolean failing;
        volatile long stored;

        @Override
        public long load() {
            return stored;
        }

        @Override
        public void save(long globalPosition) {
            if (failing) {
                throw new IllegalStateException("disk full");
            }
            saves.add(globalPosition);
            stored = globalPosition;
        }
    }

    private final RecordingPositionStore store = new RecordingPositionStore();
    private final LastError lastError = new LastError();
    private final PositionKeeper positions = new PositionKeeper("c", store, 3, lastError);

    @Test
    void resumes_from_the_stored_position() {
        store.stored = 42;

        positions.load();

        assertThat(positions.position()).isEqualTo(42);
        assertThat(positions.unsaved()).isFalse();
    }

    @Test
    void saves_every_interval_messages_and_not_before() {
        positions.load();
        positions.advanceTo(10, 1);
        positions.advanceTo(11, 1);
        assertThat(store.saves).isEmpty();

        positions.advanceTo(12, 1);
        positions.advanceTo(20, 5);

        assertThat(store.saves).containsExactly(12L, 20L);
    }

    @Test
    void saves_on_demand_only_what_moved() {
        positions.load();
        positions.save();
        assertThat(store.saves).isEmpty();

        positions.advanceTo(4, 1);
        positions.save();
        positions.save();

        assertThat(store.saves).containsExactly(4L);
    }

    @Test
    void a_failed_save_is_recorded_and_tried_again_at_the_next_occasion() {
        positions.load();
        store.failing = true;
        positions.advanceTo(7, 3);
        assertThat(lastError.description()).contains("disk full");
        assertThat(positions.unsaved()).isTrue();

        store.failing = false;
        positions.save();

        assertThat(store.saves).containsExactly(7L);
    }

    @Test
    void a_position_saved_with_the_handlers_transaction_is_not_saved_again() {
        positions.load();

        positions.savedAt(9);
        positions.save();

        assertThat(positions.position()).isEqualTo(9);
        assertThat(store.saves).isEmpty();
    }
}
