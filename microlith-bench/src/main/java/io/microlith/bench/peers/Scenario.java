package io.microlith.bench.peers;

import io.microlith.bench.support.Measurement;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One line of the side-by-side table: the same work measured on Microlith and on a peer.
 *
 * @param key       the name used by {@code --only} (e.g. {@code roundtrip-memory-1})
 * @param work      what the table says the work is
 * @param unit      what the figure counts ({@code round trips/s}, {@code messages/s})
 * @param microlith runs Microlith's side once
 * @param peer      runs the peer's side once
 */
record Scenario(String key, String work, String unit, Side microlith, Side peer) {

    /** One measured run of one side. */
    @FunctionalInterface
    interface Side {
        Measurement run(Path dir, Duration warmup, Duration window) throws Exception;
    }

    /** The figure compared: round trips (operations) or messages per second. */
    double figure(Measurement measurement) {
        return unit.startsWith("round") ? measurement.operationsPerSecond() : measurement.messagesPerSecond();
    }
}
