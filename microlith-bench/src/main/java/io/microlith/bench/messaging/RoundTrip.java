package io.microlith.bench.messaging;

import io.microlith.Microlith;
import io.microlith.bench.support.CpuProbe;
import io.microlith.bench.support.LoadDriver;
import io.microlith.bench.support.Measurement;
import io.microlith.bench.support.Operation;
import io.microlith.bus.Envelope;
import io.microlith.component.Decider;
import io.microlith.store.MessageStore;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One command round trip: a client dispatches a correlated {@code Increment} on the command bus; the
 * component (a decider run by the toolkit on the command bus's consumer of {@code counter:command}) fetches the
 * counter, decides and writes one {@code Incremented} with the expected version; the client's {@code request}
 * returns it (with {@code inline}, the client's thread decides and writes command and event in one write). 1,000 counters, picked at random; clients are platform threads (the shared load driver) or virtual
 * threads (as Javalin's handlers would be).
 */
public final class RoundTrip {
    record Increment(String counterId) {
    }

    record Incremented(String counterId, long value) {
    }

    record Counter(long value) {
    }

    private static final int COUNTERS = 1000;

    private RoundTrip() {
    }


    public static Measurement measure(MessageStore store, String storeName, int clients, boolean virtualClients,
                               int concurrency, Duration warmup, Duration window) throws InterruptedException {
        return measure(store, storeName, clients, virtualClients, concurrency, false, warmup, window);
    }

    /**
     * @param inline whether the component decides on the clients' threads and stores command and event in one write
     *               ({@code ComponentBuilder.inline()}, decision 0074) instead of on its consumer's
     */
    public static Measurement measure(MessageStore store, String storeName, int clients, boolean virtualClients,
                                      int concurrency, boolean inline, Duration warmup, Duration window)
            throws InterruptedException {
        try (Microlith microlith = Microlith.create(config -> config
                .store(store)
                .name("bench")
                .route(Increment.class, "counter:command", Increment::counterId)
                .route(Incremented.class, "counter", Incremented::counterId)
                .consumers(c -> c.concurrency(concurrency)))) {
            var counters = microlith.component(Decider.of(new Counter(0),
                            (Increment increment, Counter counter) -> List.of(new Incremented(increment.counterId(), counter.value() + 1)),
                            (Counter counter, Incremented event) -> new Counter(event.value())))
                    .commands(Increment.class, Increment::counterId)
                    .entities("counter", Incremented.class)
                    .cacheSize(COUNTERS * 2);
            (inline ? counters.inline() : counters).subscribe();
            microlith.start();

            String name = storeName + " round trip, " + (virtualClients ? "virtual" : "platform") + " clients"
                    + (concurrency > 1 ? ", consumer concurrency " + concurrency : "") + (inline ? ", inline" : "");
            Operation.Factory roundTrips = thread -> () -> {
                var increment = Envelope.correlated(
                        new Increment(Integer.toString(ThreadLocalRandom.current().nextInt(COUNTERS))));
                microlith.commandBus().request(increment, Incremented.class, Duration.ofSeconds(30));
                return 1;
            };
            // virtual threads (the consumer, virtual clients) run on the scheduler's carrier threads
            CpuProbe cpu = new CpuProbe("carriers", "ForkJoinPool", "sqlite writer", "microlith-write");
            Measurement measurement = virtualClients
                    ? VirtualLoad.run(name, clients, warmup, window, roundTrips, cpu)
                    : LoadDriver.run(name, clients, warmup, window, roundTrips, cpu);
            return measurement;
        }
    }
}
