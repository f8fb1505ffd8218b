package io.microlith.testkit.tck;

import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.store.CategoryQuery;
import io.microlith.store.ConsumerGroup;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.Hash64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consumer groups put every stream of a category on exactly one member, by message-db's rule
 * ({@code abs(hash_64(cardinal id)) mod size}), so that members agree across stores and processes;
 * streams sharing a cardinal id go to the same member, and a member sees its streams in order.
 */
public abstract class ConsumerGroupContract extends StoreContract {
    private String category;
    private int total;

    @BeforeEach
    void writeStreams() {
        category = uniqueCategory("group");
        total = 0;
        for (int i = 0; i < 40; i++) {
            String id = i % 4 == 0 ? UUID.randomUUID().toString() : Integer.toString(i);
            store().write(stream(category, id), messages(0, 3), ExpectedVersion.any());
            total += 3;
            if (i % 5 == 0) {
                // A compound id: must land with its cardinal id's stream.
                store().write(StreamName.of(category, id, "extra"), messages(0, 2), ExpectedVersion.any());
                total += 2;
            }
        }
    }

    @ParameterizedTest(name = "group size {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void every_stream_lands_on_exactly_one_member_and_each_member_sees_its_streams_in_order(int size) {
        Map<String, Integer> memberOfCardinalId = new HashMap<>();
        Set<UUID> seen = new HashSet<>();
        for (int member = 0; member < size; member++) {
            List<Message> read = readMember(member, size);
            Map<StreamName, Long> lastPosition = new HashMap<>();
            for (Message message : read) {
                assertThat(seen.add(message.id())).as("message seen by two members").isTrue();
                String cardinalId = message.streamName().cardinalId().orElseThrow();
                Integer previous = memberOfCardinalId.putIfAbsent(cardinalId, member);
                assertThat(previous == null ? member : previous).as("member of cardinal id %s", cardinalId)
                        .isEqualTo(member);
                assertThat(member).as("message-db's partition of %s", cardinalId)
                        .isEqualTo(ConsumerGroup.memberOf(Hash64.of(cardinalId), size));
                long last = lastPosition.getOrDefault(message.streamName(), -1L);
                assertThat(message.position()).isEqualTo(last + 1);
                lastPosition.put(message.streamName(), message.position());
            }
        }
        assertThat(seen).hasSize(total);
    }

    private List<Message> readMember(int member, int size) {
        List<Message> all = new ArrayList<>();
        long next = 0;
        while (true) {
            List<Message> batch = store().readCategory(CategoryQuery.of(category).from(next).batchSize(7)
                    .consumerGroup(member, size));
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            next = batch.get(batch.size() - 1).globalPosition() + 1;
        }
    }
}
