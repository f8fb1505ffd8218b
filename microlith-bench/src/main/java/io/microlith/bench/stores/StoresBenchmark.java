package io.microlith.bench.stores;

import io.microlith.bench.support.CpuProbe;
import io.microlith.bench.support.Driver;
import io.microlith.bench.support.FsyncProbe;
import io.microlith.bench.support.LoadDriver;
import io.microlith.bench.support.Machine;
import io.microlith.bench.support.Measurement;
import io.microlith.bench.support.Options;
import io.microlith.message.Message;
import io.microlith.sqlite.Durability;
import io.microlith.sqlite.SqliteConfig;
import io.microlith.sqlite.SqliteMessageStore;
import io.microlith.store.CategoryQuery;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.MessageStore;
import io.microlith.store.StreamWrite;
import io.microlith.store.memory.InMemoryMessageStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Append and category-read throughput of the in-memory and SQLite stores (issue 2, item 9).
 *
 * <p>Appends: 1 and 8 writer threads writing one message per call, and 1 and 8 threads writing batches of
 * 100; each run starts on an empty store. Strict SQLite durability runs beside a measurement of the disk's
 * fsync rate in the same directory, to compare with the bound (fsync rate × messages per commit).
 * Category reads: one reader reads a category of {@code --read-messages} messages from the start in
 * batches of 1,000, three times (the first pass also warms caches).
 *
 * <p>Options: {@code --seconds=5} measured window per run, {@code --warmup=2}, {@code --dir=} data
 * directory (default: the system temp directory), {@code --only=memory,sqlite,strict,reads} subsets,
 * {@code --shapes=1x1,8x1,1x100,8x100} (threads x messages per write), {@code --read-messages=1000000}, {@code --fsync-writes=3000}, {@code --ids=v4|v7} random (default) or
 * time-ordered message ids, {@code --streams=10000|N|thread} streams written at random, or one per writer, {@code --out=file.md} to also write the Markdown report to a file.
 */
public final class StoresBenchmark implements Driver {

    @Override
    public String description() {
        return "append and category-read throughput of the in-memory and SQLite message stores";
    }

    @Override
    public void run(Options options) throws Exception {
        Duration window = options.seconds("seconds", 5);
        Duration warmup = options.seconds("warmup", 2);
        Path dir = Path.of(options.string("dir", System.getProperty("java.io.tmpdir"))).resolve("microlith-bench");
        Set<String> only = Set.of(options.string("only", "memory,sqlite,strict,reads").split(","));
        int readMessages = options.integer("read-messages", 1_000_000);
        int fsyncWrites = options.integer("fsync-writes", 3000);
        String out = options.string("out", null);
        List<int[]> shapes = new ArrayList<>();
        for (String shape : options.string("shapes", "1x1,8x1,1x100,8x100").split(",")) {
            String[] parts = shape.split("x");
            shapes.add(new int[]{Integer.parseInt(parts[0]), Integer.parseInt(parts[1])});
        }
        String streams = options.string("streams", Integer.toString(Workload.STREAMS));
        Workload workload = new Workload(Workload.Ids.valueOf(options.string("ids", "v4").toUpperCase(Locale.ROOT)),
                streams.equals("thread") ? 0 : Integer.parseInt(streams));
        options.requireAllUsed();
        Files.createDirectories(dir);

        StringBuilder report = new StringBuilder();
        report.append("Run on ").append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME)).append("\n\n");
        report.append(Machine.describe(dir));
        report.append("- Workload: ").append(workload.describe()).append(", ").append(window.toSeconds())
                .append(" s measured after ").append(warmup.toSeconds()).append(" s warm-up per run\n\n");
        System.out.print(report);

        List<Measurement> appends = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (only.contains("memory")) {
            appendSuite("in-memory", InMemoryMessageStore::new, workload, shapes, window, warmup, appends);
        }
        if (only.contains("sqlite")) {
            appendSuite("sqlite", () -> SqliteMessageStore.open(fresh(dir, "append")), workload, shapes, window, warmup, appends);
        }
        if (only.contains("strict")) {
            strict(dir, workload, window, warmup, fsyncWrites, appends, notes);
        }
        report.append("### Appends\n\n").append(Measurement.markdownHeader()).append('\n');
        appends.forEach(m -> report.append(m.markdownRow()).append('\n'));
        report.append("\nCPU in the measured window:\n\n");
        appends.forEach(m -> report.append("- ").append(m.name()).append(": ").append(m.note()).append('\n'));
        notes.forEach(n -> report.append('\n').append(n).append('\n'));

        if (only.contains("reads")) {
            report.append("\n### Category reads (").append(String.format(Locale.ROOT, "%,d", readMessages))
                    .append(" messages, batches of 1,000, one reader)\n\n| store | pass 1 msgs/s | pass 2 msgs/s | pass 3 msgs/s | process CPU µs/msg (passes 1-3) |\n| --- | ---: | ---: | ---: | --- |\n");
            if (only.contains("memory")) {
                report.append(reads("in-memory", new InMemoryMessageStore(), workload, readMessages)).append('\n');
            }
            if (only.contains("sqlite")) {
                report.append(reads("sqlite", SqliteMessageStore.open(fresh(dir, "reads")), workload, readMessages)).append('\n');
            }
        }
        report.append("\nAt end: load average ").append(Machine.loadAverage()).append(", ").append(Machine.cpuPressure())
                .append('\n');
        System.out.println();
        System.out.println(report);
        if (out != null) {
            Files.writeString(Path.of(out), report.toString());
        }
        deleteDataFiles(dir);
    }

    private static void deleteDataFiles(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith("append-") || name.startsWith("strict-") || name.startsWith("reads-")) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static void appendSuite(String name, Supplier<MessageStore> stores, Workload workload, List<int[]> shapes,
                                    Duration window, Duration warmup,
                                    List<Measurement> results) throws Exception {
        for (int[] shape : shapes) {
            int threads = shape[0];
            int batch = shape[1];
            try (MessageStore store = stores.get()) {
                Measurement m = LoadDriver.run(name + " append " + threads + "x" + batch, threads, warmup, window,
                        workload.appends(store, batch), cpuProbe(store));
                results.add(m);
                System.out.println(m.markdownRow() + "  " + m.note());
            }
            System.gc();
        }
    }

    /** SQLite's writer and checkpointer threads by name; the in-memory store writes on the callers' threads. */
    private static CpuProbe cpuProbe(MessageStore store) {
        return store instanceof SqliteMessageStore
                ? new CpuProbe("writer", "microlith-write", "checkpointer", "microlith-check")
                : new CpuProbe();
    }

    private static void strict(Path dir, Workload workload, Duration window, Duration warmup, int fsyncWrites, List<Measurement> results,
                               List<String> notes) throws Exception {
        FsyncProbe.Result before = FsyncProbe.measure(dir, fsyncWrites);
        System.out.println("fsync probe: " + before);
        List<String> lines = new ArrayList<>();
        for (int threads : new int[]{1, 8}) {
            Path file = fresh(dir, "strict");
            try (SqliteMessageStore store = SqliteMessageStore.open(SqliteConfig.of(file).durability(Durability.STRICT))) {
                LongAdder commits = new LongAdder();
                // Every benchmark write goes to one category, so one notification is one commit.
                store.onCommit((category, position) -> commits.increment());
                long commitsBefore = commits.sum();
                Measurement m = LoadDriver.run("sqlite strict append " + threads + "x1", threads, warmup, window,
                        workload.appends(store, 1), cpuProbe(store));
                long messages = store.headGlobalPosition();
                double perCommit = (double) messages / (commits.sum() - commitsBefore);
                results.add(m);
                System.out.println(m.markdownRow());
                lines.add(String.format(Locale.ROOT, "%d writer(s): %.2f messages per commit (whole run incl. warm-up)",
                        threads, perCommit));
            }
        }
        FsyncProbe.Result after = FsyncProbe.measure(dir, fsyncWrites);
        System.out.println("fsync probe: " + after);
        notes.add("Strict mode, same run: fsync probe before: " + before + "; after: " + after + ". "
                + String.join("; ", lines) + ".");
    }

    private static String reads(String name, MessageStore store, Workload workload, int total) {
        try (store) {
            int perWrite = 1000;
            int streamsPerWrite = 10;
            for (int written = 0; written < total; written += perWrite) {
                List<StreamWrite> writes = new ArrayList<>();
                for (int s = 0; s < streamsPerWrite; s++) {
                    writes.add(new StreamWrite(workload.randomStream(), workload.messages(perWrite / streamsPerWrite),
                            ExpectedVersion.any()));
                }
                store.write(writes);
            }
            double[] rates = new double[3];
            String[] cpu = new String[3];
            for (int pass = 0; pass < rates.length; pass++) {
                CpuProbe probe = new CpuProbe();
                probe.begin();
                long start = System.nanoTime();
                long read = 0;
                long from = 1;
                while (true) {
                    List<Message> batch = store.readCategory(CategoryQuery.of(Workload.CATEGORY).from(from));
                    if (batch.isEmpty()) {
                        break;
                    }
                    read += batch.size();
                    from = batch.get(batch.size() - 1).globalPosition() + 1;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                rates[pass] = read / seconds;
                String note = probe.end(seconds, read);
                cpu[pass] = note.substring("process ".length(), note.indexOf(" µs/msg"));
                if (read != total) {
                    throw new IllegalStateException(name + " read " + read + " messages, wrote " + total);
                }
            }
            String row = String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | %s |", name, rates[0], rates[1], rates[2],
                    String.join(", ", cpu));
            System.out.println(row + "  " + Arrays.toString(rates));
            return row;
        }
    }

    private static Path fresh(Path dir, String name) {
        try {
            Path file = dir.resolve(name + "-" + System.nanoTime() + ".db");
            for (String suffix : new String[]{"", "-wal", "-shm", ".lock"}) {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            }
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
