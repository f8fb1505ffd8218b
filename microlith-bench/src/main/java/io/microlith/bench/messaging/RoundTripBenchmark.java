package io.microlith.bench.messaging;

import io.microlith.Microlith;
import io.microlith.bus.Envelope;
import io.microlith.component.Component;
import io.microlith.entity.EntityStore;
import io.microlith.entity.Projection;
import io.microlith.store.MessageStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Command round trip in one process: a client dispatches a correlated command; a component (a consumer of
 * the command category) fetches its entity, decides and writes one event with the expected version; the
 * client's {@code waitFor} on the event bus completes with that event. Clients are platform threads, each
 * doing one round trip after the other.
 *
 * <pre>
 * java -cp ... io.microlith.bench.messaging.RoundTripBenchmark &lt;memory|sqlite&gt; &lt;threads&gt; [warmup s] [measure s]
 *      [consumer concurrency, default 1] [platform|virtual clients, default platform]
 * </pre>
 */
public final class RoundTripBenchmark {

    record Increment(String counterId) {
    }

    record Incremented(String counterId, long value) {
    }

    record Counter(long value) {
    }

    private static final int ENTITIES = 1000;

    public static void main(String[] args) throws Exception {
        String storeKind = args.length > 0 ? args[0] : "memory";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int warmupSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int measureSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int concurrency = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        boolean virtualClients = args.length > 5 && args[5].equals("virtual");

        try (MessageStore store = Stores.open(storeKind);
             Microlith microlith = Microlith.create(config -> config
                     .store(store)
                     .name("bench")
                     .route(Increment.class, "counter:command", Increment::counterId)
                     .route(Incremented.class, "counter", Incremented::counterId)
                     .consumers(c -> c.concurrency(concurrency)))) {
            var entities = EntityStore.builder(store, "counter",
                    Projection.builder(microlith.types(), new Counter(0))
                            .on(Incremented.class, (counter, event) -> new Counter(event.value()))
                            .build()).cacheSize(ENTITIES * 2).build();
            var counters = Component.of(store, microlith.types(), entities);
            microlith.commandBus().subscribe(Increment.class, (increment, command) ->
                    counters.handle(command, increment.counterId(),
                            counter -> List.of(new Incremented(increment.counterId(), counter.value() + 1))));
            microlith.start();

            run(microlith, threads, virtualClients, Duration.ofSeconds(warmupSeconds), null);
            List<Latencies> latencies = new ArrayList<>();
            long elapsed = run(microlith, threads, virtualClients, Duration.ofSeconds(measureSeconds), latencies);
            long[] sorted = Latencies.sortedUnion(latencies);
            System.out.printf(Locale.ROOT,
                    "round-trip store=%s threads=%d clients=%s consumer_concurrency=%d round_trips=%d seconds=%.1f throughput=%.0f/s p50=%.1fus p99=%.1fus p999=%.1fus%n",
                    storeKind, threads, virtualClients ? "virtual" : "platform", concurrency, sorted.length, elapsed / 1e9, sorted.length / (elapsed / 1e9),
                    Latencies.percentile(sorted, 0.50) / 1e3, Latencies.percentile(sorted, 0.99) / 1e3,
                    Latencies.percentile(sorted, 0.999) / 1e3);
        }
    }

    /** Runs the clients for {@code duration}; returns the elapsed nanoseconds. */
    private static long run(Microlith microlith, int threads, boolean virtual, Duration duration, List<Latencies> into)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        List<Latencies> recorded = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Latencies latencies = new Latencies();
            recorded.add(latencies);
            Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform();
            clients.add(builder.name("client-" + t).unstarted(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get()) {
                    var increment = Envelope.correlated(new Increment(Integer.toString(random.nextInt(ENTITIES))));
                    long start = System.nanoTime();
                    microlith.commandBus().dispatch(increment);
                    microlith.eventBus().waitFor(increment.correlationId(), Incremented.class, Duration.ofSeconds(30));
                    latencies.add(System.nanoTime() - start);
                }
            }));
        }
        long start = System.nanoTime();
        clients.forEach(Thread::start);
        Thread.sleep(duration.toMillis());
        stop.set(true);
        for (Thread client : clients) {
            client.join();
        }
        long elapsed = System.nanoTime() - start;
        if (into != null) {
            into.addAll(recorded);
        }
        return elapsed;
    }
}
