package io.microlith.bench.support;

import java.util.Locale;

/**
 * What one load run measured.
 *
 * @param name       what ran, e.g. {@code sqlite append 8x1}
 * @param threads    load threads
 * @param operations operations completed inside the measured window
 * @param messages   messages those operations handled
 * @param seconds    length of the measured window
 * @param p50Nanos   median operation latency
 * @param p99Nanos   99th percentile operation latency
 * @param maxNanos   slowest sampled operation
 * @param note       what a probe saw in the window (see {@link LoadDriver.Probe}), or empty
 */
public record Measurement(String name, int threads, long operations, long messages, double seconds,
                          long p50Nanos, long p99Nanos, long maxNanos, String note) {

    public double messagesPerSecond() {
        return messages / seconds;
    }

    public double operationsPerSecond() {
        return operations / seconds;
    }

    /** A Markdown table row: name, threads, msgs/s, ops/s, p50 µs, p99 µs, max µs. */
    public String markdownRow() {
        return String.format(Locale.ROOT, "| %s | %d | %,.0f | %,.0f | %,.1f | %,.1f | %,.1f |",
                name, threads, messagesPerSecond(), operationsPerSecond(), p50Nanos / 1e3, p99Nanos / 1e3, maxNanos / 1e3);
    }

    public static String markdownHeader() {
        return "| run | threads | messages/s | operations/s | p50 µs | p99 µs | max µs |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | ---: |";
    }
}
