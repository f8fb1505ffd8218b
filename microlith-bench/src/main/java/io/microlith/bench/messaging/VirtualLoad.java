package io.microlith.bench.messaging;

import io.microlith.bench.support.LoadDriver;
import io.microlith.bench.support.Measurement;
import io.microlith.bench.support.Operation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link io.microlith.bench.support.LoadDriver}'s protocol (warm-up, then a measured window; only operations
 * completing inside it count) on virtual threads, as an HTTP handler on Javalin's virtual threads would
 * run. Records every latency of the window (round trips are few enough to keep them all).
 */
final class VirtualLoad {
    private static final int WARMUP = 0;
    private static final int MEASURE = 1;
    private static final int STOP = 2;

    private VirtualLoad() {
    }

    static Measurement run(String name, int threads, Duration warmup, Duration window, Operation.Factory factory,
                           LoadDriver.Probe probe) throws InterruptedException {
        AtomicInteger phase = new AtomicInteger(WARMUP);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<long[]> samples = new ArrayList<>();
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            long[][] own = {new long[1 << 16]};
            samples.add(null);
            Operation operation = factory.forThread(t);
            clients.add(Thread.ofVirtual().name("client-" + t).start(() -> {
                int n = 0;
                try {
                    int current;
                    while ((current = phase.get()) != STOP) {
                        long start = System.nanoTime();
                        operation.run();
                        long took = System.nanoTime() - start;
                        if (current == MEASURE && phase.get() == MEASURE) {
                            if (n == own[0].length) {
                                own[0] = Arrays.copyOf(own[0], n * 2);
                            }
                            own[0][n++] = took;
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    phase.set(STOP);
                }
                synchronized (samples) {
                    samples.set(thread, Arrays.copyOf(own[0], n));
                }
            }));
        }
        Thread.sleep(warmup);
        probe.begin();
        phase.set(MEASURE);
        long start = System.nanoTime();
        Thread.sleep(window);
        phase.set(STOP);
        long end = System.nanoTime();
        for (Thread client : clients) {
            client.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Load " + name + " failed", failure.get());
        }
        long[] all;
        synchronized (samples) {
            all = samples.stream().flatMapToLong(Arrays::stream).toArray();
        }
        Arrays.sort(all);
        double seconds = (end - start) / 1e9;
        // the probe's window ends when the clients stopped, so it counts the operations of the window
        String note = probe.end(seconds, all.length);
        return new Measurement(name, threads, all.length, all.length, seconds,
                percentile(all, 50), percentile(all, 99), all.length == 0 ? 0 : all[all.length - 1], note);
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
