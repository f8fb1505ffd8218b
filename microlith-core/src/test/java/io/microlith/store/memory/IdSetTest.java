package io.microlith.store.memory;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class IdSetTest {

    @Test
    void agrees_with_a_hash_set_over_random_adds_and_removes_through_many_growths() {
        Random random = new Random(42);
        IdSet ids = new IdSet();
        Set<UUID> expected = new HashSet<>();
        List<UUID> seen = new ArrayList<>();
        for (int i = 0; i < 300_000; i++) {
            int op = random.nextInt(10);
            UUID id = op < 6 || seen.isEmpty() ? randomId(random) : seen.get(random.nextInt(seen.size()));
            if (op < 8) {
                assertThat(ids.add(id)).as("add %s", id).isEqualTo(expected.add(id));
                seen.add(id);
            } else {
                ids.remove(id);
                expected.remove(id);
            }
            if (i % 1000 == 0) {
                assertThat(ids.size()).isEqualTo(expected.size());
            }
        }
        for (UUID id : seen) {
            assertThat(ids.contains(id)).as("contains %s", id).isEqualTo(expected.contains(id));
        }
        assertThat(ids.size()).isEqualTo(expected.size());
    }

    @Test
    void removing_from_a_run_of_colliding_ids_keeps_the_rest_reachable() {
        // time-ordered ids made in one millisecond differ in few bits: many share a probe run
        IdSet ids = new IdSet();
        List<UUID> added = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            UUID id = new UUID(0x0190_0000_0000_7000L, 0x8000_0000_0000_0000L | i);
            assertThat(ids.add(id)).isTrue();
            added.add(id);
        }
        for (int i = 0; i < added.size(); i += 3) {
            ids.remove(added.get(i));
        }
        for (int i = 0; i < added.size(); i++) {
            assertThat(ids.contains(added.get(i))).as("id %d", i).isEqualTo(i % 3 != 0);
        }
    }

    @Test
    void holds_the_nil_uuid_like_any_other() {
        IdSet ids = new IdSet();
        UUID nil = new UUID(0, 0);
        assertThat(ids.contains(nil)).isFalse();
        assertThat(ids.add(nil)).isTrue();
        assertThat(ids.add(nil)).isFalse();
        assertThat(ids.contains(nil)).isTrue();
        assertThat(ids.size()).isEqualTo(1);
        ids.remove(nil);
        assertThat(ids.contains(nil)).isFalse();
        assertThat(ids.size()).isZero();
    }

    @Test
    void an_id_with_one_zero_half_is_not_taken_for_an_empty_slot() {
        IdSet ids = new IdSet();
        UUID lowOnly = new UUID(0, 7);
        UUID highOnly = new UUID(7, 0);
        assertThat(ids.add(lowOnly)).isTrue();
        assertThat(ids.add(highOnly)).isTrue();
        assertThat(ids.add(lowOnly)).isFalse();
        assertThat(ids.contains(highOnly)).isTrue();
        assertThat(ids.contains(new UUID(0, 0))).isFalse();
    }

    private static UUID randomId(Random random) {
        return new UUID(random.nextLong(), random.nextLong());
    }
}
