package io.microlith.store.memory;

import io.microlith.message.Message;
import io.microlith.store.MessageQuery;
import io.microlith.store.MessageQuery.Item;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads by {@link MessageQuery} over the in-memory store's indexes: each item is looked up in the smallest list that
 * holds all its candidates (the messages of one of its tags, or of its categories), every list in global order.
 * Not thread-safe: the store calls it under its lock.
 */
final class MatchingReads {
    private final Map<String, ArrayList<Message>> tagged;
    private final Map<String, CategoryIndex> categories;

    MatchingReads(Map<String, ArrayList<Message>> tagged, Map<String, CategoryIndex> categories) {
        this.tagged = tagged;
        this.categories = categories;
    }

    /** The matching messages at or after {@code fromGlobalPosition}, in global order, at most {@code batchSize}. */
    List<Message> read(MessageQuery query, long fromGlobalPosition, int batchSize) {
        TreeMap<Long, Message> found = new TreeMap<>();
        for (Item item : query.items()) {
            for (List<Message> candidates : candidatesOf(item)) {
                int taken = 0;
                for (int i = firstAtOrAfter(candidates, fromGlobalPosition); i < candidates.size() && taken < batchSize; i++) {
                    Message message = candidates.get(i);
                    if (item.matches(message.type(), message.streamName(), message.metadata())) {
                        found.put(message.globalPosition(), message);
                        taken++;
                    }
                }
            }
        }
        List<Message> batch = new ArrayList<>(Math.min(batchSize, found.size()));
        for (Message message : found.values()) {
            if (batch.size() == batchSize) {
                break;
            }
            batch.add(message);
        }
        return batch;
    }

    /** The global position of the last stored message matching {@code query} after {@code after}, else {@code 0}. */
    long lastMatchingAfter(MessageQuery query, long after) {
        long last = 0;
        for (Item item : query.items()) {
            for (List<Message> candidates : candidatesOf(item)) {
                // newest first: the first match is the last one, and the scan stops at the condition's position
                for (int i = candidates.size() - 1; i >= 0 && candidates.get(i).globalPosition() > Math.max(after, last); i--) {
                    Message message = candidates.get(i);
                    if (item.matches(message.type(), message.streamName(), message.metadata())) {
                        last = message.globalPosition();
                        break;
                    }
                }
            }
        }
        return last;
    }

    /** Lists that together hold every message the item can match: its rarest tag's, or its categories'. */
    private List<List<Message>> candidatesOf(Item item) {
        if (!item.tags().isEmpty()) {
            List<Message> rarest = null;
            for (String tag : item.tags()) {
                List<Message> list = tagged.getOrDefault(tag, new ArrayList<>());
                if (rarest == null || list.size() < rarest.size()) {
                    rarest = list;
                }
            }
            return List.of(rarest);
        }
        List<List<Message>> lists = new ArrayList<>();
        for (String category : item.categories()) {
            CategoryIndex index = categories.get(category);
            if (index != null) {
                lists.add(index.asList());
            }
        }
        return lists;
    }

    private static int firstAtOrAfter(List<Message> messages, long globalPosition) {
        int low = 0;
        int high = messages.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (messages.get(mid).globalPosition() < globalPosition) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
