package io.microlith.bench.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A description of the machine and JVM for benchmark reports, read from /proc where there is one. */
public final class Machine {
    private Machine() {
    }

    public static String describe(Path dataDirectory) {
        StringBuilder out = new StringBuilder();
        out.append("- CPU: ").append(cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores available to the JVM\n");
        out.append("- Memory: ").append(firstLine("/proc/meminfo", "MemTotal")).append('\n');
        out.append("- Disk: ").append(disk(dataDirectory)).append('\n');
        out.append("- OS: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(", JVM: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(Runtime.version()).append(", max heap ")
                .append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MiB\n");
        out.append("- At start: load average ").append(loadAverage()).append(", ").append(cpuPressure()).append('\n');
        return out.toString();
    }

    /**
     * The kernel's CPU pressure (PSI): the share of the last 10 s and 60 s in which some runnable task
     * waited for a CPU. Near 0% the machine was ours; near 100% every thread queued behind other jobs.
     */
    public static String cpuPressure() {
        try {
            String[] parts = Files.readString(Path.of("/proc/pressure/cpu")).lines().findFirst().orElse("").split(" ");
            return "CPU pressure " + parts[1].replace("avg10=", "avg10 ") + "%, " + parts[2].replace("avg60=", "avg60 ") + "%";
        } catch (IOException | RuntimeException e) {
            return "CPU pressure unknown";
        }
    }

    /** The 1, 5 and 15 minute load averages, to show whether other work shared the machine. */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        String model = firstLine("/proc/cpuinfo", "model name");
        return model.isEmpty() ? System.getProperty("os.arch") : model.substring(model.indexOf(':') + 1).trim();
    }

    private static String disk(Path directory) {
        try {
            var store = Files.getFileStore(directory);
            return store.name() + " (" + store.type() + "), " + (store.getTotalSpace() >> 30) + " GiB, data in "
                    + directory.toAbsolutePath();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String firstLine(String file, String prefix) {
        try (Stream<String> lines = Files.lines(Path.of(file))) {
            return lines.filter(l -> l.startsWith(prefix)).findFirst().map(String::trim).orElse("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
