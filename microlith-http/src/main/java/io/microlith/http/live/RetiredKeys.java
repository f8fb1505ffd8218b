package io.microlith.http.live;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys a {@link LiveFeed} refuses, with the reason each was retired for; the oldest are forgotten past
 * {@code capacity}. Not thread-safe: the feed guards it.
 */
final class RetiredKeys {
    private final Map<String, String> reasons;

    RetiredKeys(int capacity) {
        reasons = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        };
    }

    void add(String key, String reason) {
        reasons.put(key, reason);
    }

    /** The reason {@code key} was retired for, or null when it is not (or no longer) retired. */
    String reasonFor(String key) {
        return reasons.get(key);
    }
}
