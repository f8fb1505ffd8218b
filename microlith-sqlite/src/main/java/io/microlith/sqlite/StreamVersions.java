package io.microlith.sqlite;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The writer's cache of stream versions, least recently used dropped first. Only the holder of the
 * writer's lock touches it; being the file's only writer is what makes a cached version trustworthy.
 */
final class StreamVersions extends LinkedHashMap<String, Long> {
    private final int capacity;

    StreamVersions(int capacity) {
        super(Math.min(capacity, 1 << 16), 0.75f, true);
        this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
        return size() > capacity;
    }
}
