package io.microlith.bench.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used so far by this process's threads whose (Linux, 15-character) name starts with a prefix,
 * read from {@code /proc/self/task/<tid>/stat}. It measures work, not waiting, so it stays meaningful on a
 * machine shared with other jobs: a single-threaded stage that costs c seconds of CPU per message cannot
 * go faster than 1/c messages per second on one core. Resolution: one clock tick (10 ms).
 */
public final class ThreadCpu {
    private static final double SECONDS_PER_TICK = 0.01;

    private ThreadCpu() {
    }

    /** Seconds of user + system CPU of the matching threads, or {@code NaN} where /proc is absent. */
    public static double seconds(String namePrefix) {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return Double.NaN;
        }
        long ticks = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : threads.toList()) {
                try {
                    if (!Files.readString(thread.resolve("comm")).trim().startsWith(namePrefix)) {
                        continue;
                    }
                    String stat = Files.readString(thread.resolve("stat"));
                    // Fields after the ")" that closes the name: state is field 3, utime 14, stime 15.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (IOException | RuntimeException e) {
                    // The thread ended while we looked.
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return ticks * SECONDS_PER_TICK;
    }
}
