package io.microlith.bench.support;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time per message during the measured window: for the whole process, and for named threads (e.g. a
 * store's single writer). Work per message does not depend on how busy the machine is, so it shows what
 * a stage would do on a core of its own even when the run shares the machine.
 */
public final class CpuProbe implements LoadDriver.Probe {
    private final Map<String, String> threads = new LinkedHashMap<>();
    private final List<Double> before = new ArrayList<>();
    private long processBefore;

    /** @param labelsAndPrefixes pairs: a label for the report, then a thread name prefix */
    public CpuProbe(String... labelsAndPrefixes) {
        for (int i = 0; i + 1 < labelsAndPrefixes.length; i += 2) {
            threads.put(labelsAndPrefixes[i], labelsAndPrefixes[i + 1]);
        }
    }

    @Override
    public void begin() {
        before.clear();
        threads.values().forEach(prefix -> before.add(ThreadCpu.seconds(prefix)));
        processBefore = processCpuNanos();
    }

    @Override
    public String end(double seconds, long messages) {
        StringBuilder note = new StringBuilder();
        int i = 0;
        for (Map.Entry<String, String> thread : threads.entrySet()) {
            double used = ThreadCpu.seconds(thread.getValue()) - before.get(i++);
            note.append(String.format(Locale.ROOT, "%s %.1f µs/msg (%.0f%% of a core), ",
                    thread.getKey(), used * 1e6 / Math.max(1, messages), 100 * used / seconds));
        }
        double process = (processCpuNanos() - processBefore) / 1e9;
        note.append(String.format(Locale.ROOT, "process %.1f µs/msg (%.2f cores)",
                process * 1e6 / Math.max(1, messages), process / seconds));
        return note.toString();
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
