package io.microlith.bench.stores;

import io.microlith.bench.support.Operation;
import io.microlith.message.Metadata;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.MessageStore;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The messages the store benchmarks write: category {@value #CATEGORY}, a 60-byte JSON body and metadata
 * with a correlation id (about 60 bytes stored). Each write goes to one of {@code streams} streams chosen
 * at random (default {@value #STREAMS}: many entities), or, with {@code streams = 0}, to one stream per
 * writer thread (message-db's own benchmark writes to one stream).
 *
 * <p>Ids come from {@link ThreadLocalRandom} rather than {@link UUID#randomUUID()}, so that the benchmark
 * measures the store and not {@code SecureRandom}. They are random (version 4, like
 * {@link NewMessage#of}) by default, or time-ordered (version 7) to show what random ids cost a B-tree store.
 */
public final class Workload {
    static final String CATEGORY = "account";
    static final int STREAMS = 10_000;
    static final String DATA = "{\"amount\":1234,\"currency\":\"EUR\",\"note\":\"benchmark deposit\"}";


    /** How message ids are made. */
    public enum Ids {
        V4, V7;

        UUID next(ThreadLocalRandom random) {
            long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            if (this == V4) {
                return new UUID((random.nextLong() & ~0xF000L) | 0x4000L, lsb);
            }
            long millis = System.currentTimeMillis();
            return new UUID((millis << 16) | 0x7000L | (random.nextInt() & 0x0FFF), lsb);
        }
    }

    private final Ids ids;
    private final StreamName[] names;

    /** @param streams how many streams writes are spread over at random; 0 for one stream per thread */
    public Workload(Ids ids, int streams) {
        this.ids = ids;
        this.names = new StreamName[streams];
        for (int i = 0; i < streams; i++) {
            names[i] = StreamName.of(CATEGORY, Integer.toString(i));
        }
    }

    String describe() {
        return (ids == Ids.V4 ? "random (v4)" : "time-ordered (v7)") + " ids, "
                + (names.length == 0 ? "one stream per writer thread" : String.format("%,d streams chosen at random", names.length));
    }

    List<NewMessage> messages(int count) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Metadata metadata = Metadata.EMPTY.withCorrelationId(Ids.V4.next(random).toString());
        List<NewMessage> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(new NewMessage(ids.next(random), "Deposited", DATA, metadata));
        }
        return messages;
    }

    StreamName randomStream() {
        return names.length == 0 ? StreamName.of(CATEGORY, "all")
                : names[ThreadLocalRandom.current().nextInt(names.length)];
    }

    /** Each operation writes {@code batch} messages to one stream, without expected version. */
    public Operation.Factory appends(MessageStore store, int batch) {
        return thread -> {
            StreamName own = StreamName.of(CATEGORY, "writer" + thread);
            return () -> {
                store.write(names.length == 0 ? own : randomStream(), messages(batch), ExpectedVersion.any());
                return batch;
            };
        };
    }
}
