package io.microlith.http.live;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many live streams each client (an address) has open, and the most one may have: so that one client cannot hold
 * every connection and thread of the server. Only clients with a stream open are kept, so memory follows the open
 * streams. Thread-safe.
 */
final class StreamsPerClient {
    private final int max;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

    StreamsPerClient(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxStreamsPerClient must be at least 1, was " + max);
        }
        this.max = max;
    }

    int max() {
        return max;
    }

    /** Counts one more stream of {@code client}. @throws TooManyLiveStreamsException when it has {@link #max} open */
    void open(String client) {
        int[] refusedAt = {-1};
        open.compute(client, (c, count) -> {
            int now = count == null ? 0 : count;
            if (now >= max) {
                refusedAt[0] = now;
                return count;
            }
            return now + 1;
        });
        if (refusedAt[0] >= 0) {
            throw new TooManyLiveStreamsException(client, refusedAt[0], max);
        }
    }

    /** Counts one stream of {@code client} less (each {@link #open} is released once). */
    void release(String client) {
        open.computeIfPresent(client, (c, count) -> count <= 1 ? null : count - 1);
    }

    int openBy(String client) {
        return open.getOrDefault(client, 0);
    }
}
