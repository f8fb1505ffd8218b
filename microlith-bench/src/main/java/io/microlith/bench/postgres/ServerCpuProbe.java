package io.microlith.bench.postgres;

import io.microlith.bench.support.LoadDriver;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * CPU per message on both ends of a PostgreSQL run: this JVM (the client) and every process of the local
 * server (backends, WAL writer, checkpointer: all processes named {@code postgres}, read from {@code /proc}).
 * On a machine whose cores both sides share, their sum is what one message costs, and cores ÷ that sum is the
 * rate the machine allows whatever the flush does. Reads nothing (and reports so) where {@code /proc} is absent
 * or the server runs elsewhere.
 */
final class ServerCpuProbe implements LoadDriver.Probe {
    /** Linux's USER_HZ; {@code /proc/<pid>/stat} counts CPU time in these ticks. */
    private static final double TICKS_PER_SECOND = 100;
    private long clientBefore;
    private long serverBefore;

    @Override
    public void begin() {
        clientBefore = clientCpuNanos();
        serverBefore = serverCpuTicks();
    }

    @Override
    public String end(double seconds, long messages) {
        double client = (clientCpuNanos() - clientBefore) / 1e9;
        double server = (serverCpuTicks() - serverBefore) / TICKS_PER_SECOND;
        long count = Math.max(1, messages);
        return String.format(Locale.ROOT, "client %.1f µs/msg (%.2f cores), server %.1f µs/msg (%.2f cores)",
                client * 1e6 / count, client / seconds, server * 1e6 / count, server / seconds);
    }

    private static long clientCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** utime + stime of every live process named postgres; a backend that ended in the window is not counted. */
    private static long serverCpuTicks() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .mapToLong(ServerCpuProbe::postgresTicks).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long postgresTicks(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            if (open < 0 || close < 0 || !stat.substring(open + 1, close).equals("postgres")) {
                return 0;
            }
            // Fields after the command: state is field 3; utime and stime are fields 14 and 15.
            String[] fields = stat.substring(close + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended meanwhile
        }
    }
}
