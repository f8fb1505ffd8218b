package io.microlith.entity;

import io.microlith.message.Message;
import io.microlith.store.CommitNotifications;
import io.microlith.store.MessageStore;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BiConsumer;

/**
 * Follows the messages a store commits to one category, for an entity cache that need not read the tail of an entity
 * it holds (decision 0100). The store hands over each commit's messages ({@link
 * CommitNotifications#onCommittedMessages}, offered only by stores whose every write passes through this process);
 * each message of the category goes to the cache, and bumps a change counter of its stream's bucket first.
 *
 * <p>The counters settle whether an entity just read from the store may be trusted to be complete: the fetch samples
 * its bucket's counter before reading and compares it when it caches the result. Unchanged means no commit to a stream
 * of that bucket had its messages handed over in between: whatever was committed before is in the read, and whatever
 * is committed after reaches the cache. Changed (the stream was written, or another stream of its bucket) means not
 * sure: the entity is cached as not complete, and its next fetch reads as before.
 */
final class CommitTrail {
    private static final int BUCKETS = 4096;

    private final String category;
    private final AtomicLongArray changes = new AtomicLongArray(BUCKETS);

    private CommitTrail(String category) {
        this.category = category;
    }

    /**
     * Follows {@code category} in {@code store} and hands each of its committed messages to {@code cache} with its
     * entity's id, or returns empty when the store does not hand over its commits. The cache may be called before
     * this returns (another thread may commit at once): it must not need the trail.
     */
    static Optional<CommitTrail> follow(MessageStore store, String category, BiConsumer<String, Message> cache) {
        CommitTrail trail = new CommitTrail(category);
        return store.onCommittedMessages(messages -> trail.committed(messages, cache)).map(registration -> trail);
    }

    /** The change counter of the stream's bucket, sampled before the stream is read. */
    long changeOf(String streamName) {
        return changes.get(bucket(streamName));
    }

    /** True when no message of the stream's bucket was handed over since {@code change} was sampled. */
    boolean unchangedSince(String streamName, long change) {
        return changes.get(bucket(streamName)) == change;
    }

    private void committed(List<Message> messages, BiConsumer<String, Message> cache) {
        for (Message message : messages) {
            String stream = message.streamName().value();
            if (inCategory(stream)) {
                // counted before the cache hears of it: a fetch comparing its sample then sees a change, not a gap
                changes.incrementAndGet(bucket(stream));
                cache.accept(stream.substring(category.length() + 1), message);
            }
        }
    }

    private boolean inCategory(String stream) {
        return stream.length() > category.length() && stream.charAt(category.length()) == '-'
                && stream.startsWith(category);
    }

    private static int bucket(String streamName) {
        int h = streamName.hashCode();
        return (h ^ (h >>> 16)) & (BUCKETS - 1);
    }
}
