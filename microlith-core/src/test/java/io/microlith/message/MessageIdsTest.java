package io.microlith.message;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MessageIdsTest {

    @Test
    void makes_version_7_ids_with_the_rfc_variant() {
        UUID id = MessageIds.next();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void makes_ids_that_sort_by_creation_millisecond() throws InterruptedException {
        UUID earlier = MessageIds.next();
        Thread.sleep(2);
        UUID later = MessageIds.next();

        assertThat(later.getMostSignificantBits() >>> 16).isGreaterThan(earlier.getMostSignificantBits() >>> 16);
    }

    @Test
    void makes_no_duplicate_among_a_million() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 1_000_000; i++) {
            ids.add(MessageIds.next());
        }
        assertThat(ids).hasSize(1_000_000);
    }

    @Test
    void is_used_for_new_messages_and_new_correlations() {
        assertThat(NewMessage.of("T", "{}").id().version()).isEqualTo(7);
        assertThat(UUID.fromString(Metadata.correlated().correlationId()).version()).isEqualTo(7);
    }
}
