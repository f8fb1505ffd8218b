package io.microlith.bench.support;

import java.util.Arrays;

/**
 * A uniform sample of operation latencies in bounded memory: records every operation until the buffer is
 * full, then keeps every second sample and records every second operation, and so on. Owned by one thread.
 */
final class Latencies {
    private static final int CAPACITY = 1 << 18;

    private long[] samples = new long[CAPACITY];
    private int size;
    private long stride = 1;
    private long seen;

    void record(long nanos) {
        if (seen++ % stride != 0) {
            return;
        }
        if (size == samples.length) {
            for (int i = 0; i < size / 2; i++) {
                samples[i] = samples[2 * i];
            }
            size /= 2;
            stride *= 2;
            if ((seen - 1) % stride != 0) {
                return;
            }
        }
        samples[size++] = nanos;
    }

    /** Merges the samples of several threads, weighting each by its stride, and sorts them. */
    static long[] merged(Iterable<Latencies> all) {
        long maxStride = 1;
        for (Latencies l : all) {
            maxStride = Math.max(maxStride, l.stride);
        }
        long[] out = new long[0];
        for (Latencies l : all) {
            // Thin the finer-grained samples so that every thread's operations weigh the same.
            long keepEvery = maxStride / l.stride;
            long[] kept = new long[(int) ((l.size + keepEvery - 1) / keepEvery)];
            int n = 0;
            for (int i = 0; i < l.size; i += (int) keepEvery) {
                kept[n++] = l.samples[i];
            }
            long[] joined = Arrays.copyOf(out, out.length + n);
            System.arraycopy(kept, 0, joined, out.length, n);
            out = joined;
        }
        Arrays.sort(out);
        return out;
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
