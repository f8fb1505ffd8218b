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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Consumer catch-up: a store holding {@code events} events of one category (over 1,000 streams) and a new
 * consumer that reads them all from position 0, in batches, saving its position as configured. Measures
 * from start to the consumer's first empty read.
 *
 * <pre>
 * java -cp ... io.microlith.bench.messaging.CatchUpBenchmark &lt;memory|sqlite&gt; [events] [decode|raw] [batch] [position interval]
 * </pre>
 * {@code decode} hands each event to a typed handler (JSON decoded to a record); {@code raw} to a handler of
 * the stored message, undecoded.
 */
public final class CatchUpBenchmark {

    public record Happened(String entityId, long sequence, String note) {
    }

    public static void main(String[] args) throws Exception {
        String storeKind = args.length > 0 ? args[0] : "memory";
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        boolean decode = args.length <= 2 || args[2].equals("decode");
        int batchSize = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        int positionInterval = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        MessageTypes types = MessageTypes.of(Happened.class);

        try (MessageStore store = Stores.open(storeKind)) {
            long fillStart = System.nanoTime();
            fill(store, types, events);
            System.out.printf(Locale.ROOT, "filled %d events in %.1f s%n", events, (System.nanoTime() - fillStart) / 1e9);

            for (int run = 1; run <= 3; run++) {
                AtomicLong handled = new AtomicLong();
                CompletableFuture<Long> caughtUp = new CompletableFuture<>();
                Consumer.Builder builder = Consumer.builder(store, "catchup", "bench-" + run).types(types)
                        .batchSize(batchSize).positionUpdateInterval(positionInterval)
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
                System.out.printf(Locale.ROOT,
                        "catch-up store=%s run=%d handler=%s batch=%d position_interval=%d events=%d seconds=%.2f throughput=%.0f/s%n",
                        storeKind, run, decode ? "decode" : "raw", batchSize, positionInterval, handled.get(),
                        elapsed / 1e9, handled.get() / (elapsed / 1e9));
            }
        }
    }

    /** Writes the events in multi-stream writes of 1,000 messages. */
    private static void fill(MessageStore store, MessageTypes types, int events) {
        int written = 0;
        while (written < events) {
            List<StreamWrite> writes = new ArrayList<>();
            int n = Math.min(1000, events - written);
            for (int i = 0; i < n; i++) {
                int sequence = written + i;
                String entity = Integer.toString(sequence % 1000);
                NewMessage message = types.toNewMessage(new Happened(entity, sequence, "something happened"));
                writes.add(StreamWrite.of(StreamName.of("catchup", entity), message));
            }
            store.write(writes);
            written += n;
        }
    }
}
