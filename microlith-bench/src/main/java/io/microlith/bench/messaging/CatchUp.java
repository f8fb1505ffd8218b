package io.microlith.bench.messaging;

import io.microlith.consumer.Consumer;
import io.microlith.consumer.ConsumerListener;
import io.microlith.message.MessageTypes;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.MessageStore;
import io.microlith.store.StreamWrite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Consumer catch-up: a new consumer reads every event of a category from position 0 (batches of 1,000,
 * position saved every 100 messages, the defaults) until its first empty read. {@code decode} hands each
 * event to a typed handler (JSON decoded to a record), {@code raw} to a handler of the stored message.
 * Three passes, each a new consumer (the first also warms the JIT and the store's caches).
 */
final class CatchUp {
    record Happened(String entityId, long sequence, String note) {
    }

    private static final MessageTypes TYPES = MessageTypes.of(Happened.class);

    private CatchUp() {
    }

    /** Writes the events over 1,000 streams in multi-stream writes of 1,000 messages (not measured). */
    static void fill(MessageStore store, int events) {
        for (int written = 0; written < events; ) {
            int n = Math.min(1000, events - written);
            List<StreamWrite> writes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int sequence = written + i;
                String entity = Integer.toString(sequence % 1000);
                NewMessage message = TYPES.toNewMessage(new Happened(entity, sequence, "something happened"));
                writes.add(StreamWrite.of(StreamName.of("catchup", entity), message));
            }
            store.write(writes);
            written += n;
        }
    }

    /** A Markdown row: store, handler, events/s of three passes. */
    static String measure(MessageStore store, String storeName, boolean decode, int events) {
        double[] rates = new double[3];
        for (int pass = 0; pass < rates.length; pass++) {
            AtomicLong handled = new AtomicLong();
            CompletableFuture<Long> caughtUp = new CompletableFuture<>();
            Consumer.Builder builder = Consumer.builder(store, "catchup", "bench-" + UUID.randomUUID()).types(TYPES)
                    .listener(new ConsumerListener() {
                        @Override
                        public void caughtUp(long position) {
                            caughtUp.complete(position);
                        }
                    });
            if (decode) {
                builder.handle(Happened.class, happened -> handled.incrementAndGet());
            } else {
                builder.handle("Happened", message -> handled.incrementAndGet());
            }
            long start = System.nanoTime();
            Consumer consumer = builder.build().start();
            caughtUp.join();
            long elapsed = System.nanoTime() - start;
            consumer.stop();
            if (handled.get() != events) {
                throw new IllegalStateException("Caught up after " + handled.get() + " events of " + events);
            }
            rates[pass] = events / (elapsed / 1e9);
        }
        return String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %,.0f |", storeName, decode ? "decode" : "raw",
                rates[0], rates[1], rates[2]);
    }
}
