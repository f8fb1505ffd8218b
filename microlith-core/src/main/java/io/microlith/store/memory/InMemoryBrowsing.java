package io.microlith.store.memory;

import io.microlith.message.Message;
import io.microlith.store.CategorySummary;
import io.microlith.store.StoreBrowser;
import io.microlith.store.StreamSummary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@link StoreBrowser} answers of an {@link InMemoryMessageStore}, computed from its messages, streams,
 * categories and ids. Not thread-safe: the store calls it under its read lock, after checking the arguments.
 */
final class InMemoryBrowsing {
    private final List<Message> all;
    private final Map<String, StoredStream> streams;
    private final Map<String, CategoryIndex> categories;
    private final IdSet ids;

    InMemoryBrowsing(List<Message> all, Map<String, StoredStream> streams, Map<String, CategoryIndex> categories,
                     IdSet ids) {
        this.all = all;
        this.streams = streams;
        this.categories = categories;
        this.ids = ids;
    }

    List<CategorySummary> categories() {
        Map<String, Long> streamCounts = new HashMap<>();
        for (StoredStream stream : streams.values()) {
            streamCounts.merge(stream.category, 1L, Long::sum);
        }
        List<CategorySummary> summaries = new ArrayList<>(categories.size());
        categories.forEach((category, index) -> {
            Message last = index.message(index.size() - 1);
            summaries.add(new CategorySummary(category, index.size(), streamCounts.getOrDefault(category, 0L),
                    last.globalPosition(), last.time()));
        });
        summaries.sort(Comparator.comparing(CategorySummary::category));
        return summaries;
    }

    List<StreamSummary> streams(String category, long beforeGlobalPosition, int limit) {
        List<StreamSummary> summaries = new ArrayList<>();
        for (StoredStream stored : streams.values()) {
            ArrayList<Message> stream = stored.messages;
            Message last = stream.getLast();
            if (last.category().equals(category) && last.globalPosition() < beforeGlobalPosition) {
                summaries.add(new StreamSummary(last.streamName(), stream.size(), last.position(),
                        last.globalPosition(), last.time()));
            }
        }
        summaries.sort(Comparator.comparingLong(StreamSummary::lastGlobalPosition).reversed());
        return List.copyOf(summaries.subList(0, Math.min(limit, summaries.size())));
    }

    /** Newest first: the id set answers "not here" without a walk. */
    Optional<Message> message(UUID id) {
        if (!ids.contains(id)) {
            return Optional.empty();
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).id().equals(id)) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    List<Message> correlated(String correlationId, int limit) {
        List<Message> conversation = new ArrayList<>();
        for (int i = 0; i < all.size() && conversation.size() < limit; i++) {
            if (correlationId.equals(all.get(i).correlationId())) {
                conversation.add(all.get(i));
            }
        }
        return conversation;
    }
}
