package io.microlith.testkit.tck;

import io.microlith.message.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live reader that follows a store by global position, as a consumer does, and the check that it
 * skipped nothing: the no-skip proof of {@link NoSkipContract}, for stores that also prove it with
 * writers elsewhere (other connections, other processes).
 */
public final class LiveReaders {
    private LiveReaders() {
    }

    /**
     * Reads from global position 1, resuming at the last position seen + 1, until writing is over and at
     * least {@code expected} messages were seen; gives up 30 s after writing ended (whatever is missing
     * then is reported by {@link #assertSeenExactlyOnceInOrder}).
     *
     * @param writing  true while writers are still writing
     * @param expected how many messages this reader must see once writing is over
     * @param read     one read from a global position (inclusive)
     */
    public static List<Message> follow(BooleanSupplier writing, LongSupplier expected, LongFunction<List<Message>> read)
            throws InterruptedException {
        return follow(writing, expected, read, Duration.ofSeconds(30));
    }

    /**
     * As {@link #follow(BooleanSupplier, LongSupplier, LongFunction)}, giving up {@code grace} after writing ended
     * (a test that expects a skip need not wait long for messages that will never come).
     */
    public static List<Message> follow(BooleanSupplier writing, LongSupplier expected, LongFunction<List<Message>> read,
                                       Duration grace) throws InterruptedException {
        List<Message> seen = new ArrayList<>();
        long next = 1;
        long deadline = Long.MAX_VALUE;
        while (true) {
            List<Message> batch = read.apply(next);
            seen.addAll(batch);
            if (!batch.isEmpty()) {
                next = batch.get(batch.size() - 1).globalPosition() + 1;
                continue;
            }
            if (!writing.getAsBoolean()) {
                if (seen.size() >= expected.getAsLong()) {
                    return seen;
                }
                // Writers are done: whatever is missing now is committed and must appear at once.
                deadline = Math.min(deadline, System.nanoTime() + grace.toNanos());
                if (System.nanoTime() > deadline) {
                    return seen;
                }
            }
            Thread.sleep(1);
        }
    }

    /**
     * Asserts that the reader saw each message at most once, in strictly increasing global order, every
     * expected message, and nothing else.
     */
    public static void assertSeenExactlyOnceInOrder(String reader, List<Message> seen, Set<UUID> expected) {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < seen.size(); i++) {
            assertThat(ids.add(seen.get(i).id())).as("%s saw %s twice", reader, seen.get(i).id()).isTrue();
            if (i > 0) {
                assertThat(seen.get(i).globalPosition()).as("%s: global positions increase", reader)
                        .isGreaterThan(seen.get(i - 1).globalPosition());
            }
        }
        Set<UUID> missed = new HashSet<>(expected);
        missed.removeAll(ids);
        assertThat(missed).as("%s skipped %d of %d committed messages", reader, missed.size(), expected.size()).isEmpty();
        assertThat(ids).as("%s saw only committed messages", reader).hasSameSizeAs(expected);
    }
}
