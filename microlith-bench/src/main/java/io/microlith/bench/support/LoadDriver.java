package io.microlith.bench.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs an operation on N platform threads: a warm-up, then a measured window. Only operations that
 * complete inside the window count; each operation's latency is sampled (see {@link Latencies}).
 */
public final class LoadDriver {
    private static final int WARMUP = 0;
    private static final int MEASURE = 1;
    private static final int STOP = 2;

    private LoadDriver() {
    }

    /** Something to sample at the start and end of the measured window, e.g. a thread's CPU time. */
    public interface Probe {
        void begin();

        /** @return a note about the window, e.g. {@code writer CPU 12.5 µs/message} */
        String end(double seconds, long messages);
    }

    public static Measurement run(String name, int threads, Duration warmup, Duration window, Operation.Factory factory)
            throws InterruptedException {
        return run(name, threads, warmup, window, factory, null);
    }

    public static Measurement run(String name, int threads, Duration warmup, Duration window, Operation.Factory factory,
                                  Probe probe) throws InterruptedException {
        var phase = new java.util.concurrent.atomic.AtomicInteger(WARMUP);
        var failure = new AtomicReference<Throwable>();
        long[] operations = new long[threads * 16];
        long[] messages = new long[threads * 16];
        List<Latencies> latencies = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Latencies sample = new Latencies();
            latencies.add(sample);
            Operation operation = factory.forThread(thread);
            workers.add(Thread.ofPlatform().name("load-" + name + "-" + t).start(() -> {
                ready.countDown();
                try {
                    go.await();
                    long ops = 0;
                    long msgs = 0;
                    int current;
                    while ((current = phase.get()) != STOP) {
                        long start = System.nanoTime();
                        int handled = operation.run();
                        long took = System.nanoTime() - start;
                        if (current == MEASURE && phase.get() == MEASURE) {
                            ops++;
                            msgs += handled;
                            sample.record(took);
                        }
                    }
                    // Padded slots: threads do not share a cache line.
                    operations[thread * 16] = ops;
                    messages[thread * 16] = msgs;
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    phase.set(STOP);
                }
            }));
        }
        ready.await();
        go.countDown();
        Thread.sleep(warmup);
        if (probe != null) {
            probe.begin();
        }
        phase.set(MEASURE);
        long start = System.nanoTime();
        Thread.sleep(window);
        phase.set(STOP);
        long end = System.nanoTime();
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Load " + name + " failed", failure.get());
        }
        long ops = 0;
        long msgs = 0;
        for (int t = 0; t < threads; t++) {
            ops += operations[t * 16];
            msgs += messages[t * 16];
        }
        long[] sorted = Latencies.merged(latencies);
        double seconds = (end - start) / 1e9;
        String note = probe == null ? "" : probe.end(seconds, msgs);
        return new Measurement(name, threads, ops, msgs, seconds,
                Latencies.percentile(sorted, 50), Latencies.percentile(sorted, 99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1], note);
    }
}
