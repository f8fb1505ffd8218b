package io.microlith.bench.messaging;

import io.microlith.bench.support.Driver;
import io.microlith.bench.support.Machine;
import io.microlith.bench.support.Measurement;
import io.microlith.bench.support.Options;
import io.microlith.sqlite.SqliteMessageStore;
import io.microlith.store.MessageStore;
import io.microlith.store.memory.InMemoryMessageStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * The messaging benchmarks of issue 3, item 8: command round trips through the buses and a component,
 * and consumer catch-up, on the in-memory and SQLite stores.
 *
 * <p>Options: {@code --only=roundtrip,catchup}, {@code --stores=memory,sqlite}, {@code --threads=1,8}
 * (round-trip client threads), {@code --clients=platform,virtual} (kinds of client threads),
 * {@code --concurrency=1} (streams the component's consumer handles at
 * once; a list runs each), {@code --seconds=10} measured window, {@code --warmup=3},
 * {@code --events=1000000} (catch-up), {@code --handlers=decode,raw} (catch-up), {@code --dir=} data
 * directory (default: the system temp directory), {@code --out=file.md} to also write the report.
 */
public final class MessagingBenchmark implements Driver {

    @Override
    public String description() {
        return "command round trips through the buses and a component; consumer catch-up";
    }

    @Override
    public void run(Options options) throws Exception {
        Set<String> only = Set.of(options.string("only", "roundtrip,catchup").split(","));
        List<String> stores = List.of(options.string("stores", "memory,sqlite").split(","));
        List<Integer> threads = integers(options.string("threads", "1,8"));
        List<Integer> concurrencies = integers(options.string("concurrency", "1"));
        List<String> clientKinds = List.of(options.string("clients", "platform").split(","));
        Duration window = options.seconds("seconds", 10);
        Duration warmup = options.seconds("warmup", 3);
        int events = options.integer("events", 1_000_000);
        List<String> handlers = List.of(options.string("handlers", "decode,raw").split(","));
        Path dir = Path.of(options.string("dir", System.getProperty("java.io.tmpdir"))).resolve("microlith-bench");
        String out = options.string("out", null);
        options.requireAllUsed();
        Files.createDirectories(dir);
        int cores = Runtime.getRuntime().availableProcessors();

        StringBuilder report = new StringBuilder();
        report.append("Run on ").append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME)).append("\n\n");
        report.append(Machine.describe(dir)).append('\n');
        System.out.print(report);

        if (only.contains("roundtrip")) {
            List<Measurement> results = new ArrayList<>();
            List<String> cpu = new ArrayList<>();
            for (String store : stores) {
                for (String kind : clientKinds) {
                    for (int concurrency : concurrencies) {
                        for (int clients : threads) {
                            try (MessageStore opened = open(store, dir)) {
                                Measurement m = RoundTrip.measure(opened, store, clients, kind.equals("virtual"),
                                        concurrency, warmup, window);
                                System.out.println(m.markdownRow());
                                results.add(m);
                                cpu.add("| " + m.name() + " | " + m.threads() + " | " + m.note() + " |");
                            }
                            System.gc();
                        }
                    }
                }
            }
            report.append("### Command round trips (dispatch → component → event → waitFor)\n\n")
                    .append(Measurement.markdownHeader()).append('\n');
            results.forEach(m -> report.append(m.markdownRow()).append('\n'));
            report.append("\nCPU time per round trip in the measured window (carriers: the virtual-thread scheduler's ")
                    .append("threads, which run the consumer and virtual clients; process: every thread). With ")
                    .append(cores).append(" cores, 1,000,000 × ").append(cores)
                    .append(" / process µs is what the run could reach with the machine to itself:\n\n")
                    .append("| run | threads | CPU |\n| --- | ---: | --- |\n");
            cpu.forEach(row -> report.append(row).append('\n'));
        }
        if (only.contains("catchup")) {
            report.append("\n### Consumer catch-up (").append(String.format("%,d", events))
                    .append(" events, batches of 1,000, position saved every 100)\n\n")
                    .append("| store | handler | pass 1 events/s | pass 2 events/s | pass 3 events/s |\n")
                    .append("| --- | --- | ---: | ---: | ---: |\n");
            for (String store : stores) {
                try (MessageStore opened = open(store, dir)) {
                    CatchUp.fill(opened, events);
                    for (String handler : handlers) {
                        String row = CatchUp.measure(opened, store, handler.equals("decode"), events);
                        System.out.println(row);
                        report.append(row).append('\n');
                    }
                }
                System.gc();
            }
        }
        report.append("\nLoad average at end: ").append(Machine.loadAverage()).append('\n');
        System.out.println();
        System.out.println(report);
        if (out != null) {
            Files.writeString(Path.of(out), report.toString());
        }
        deleteDataFiles(dir);
    }

    private static MessageStore open(String kind, Path dir) {
        return switch (kind) {
            case "memory" -> new InMemoryMessageStore();
            case "sqlite" -> SqliteMessageStore.open(dir.resolve("messaging-" + UUID.randomUUID() + ".db"));
            default -> throw new IllegalArgumentException("Unknown store '" + kind + "': memory or sqlite");
        };
    }

    private static List<Integer> integers(String list) {
        List<Integer> values = new ArrayList<>();
        for (String value : list.split(",")) {
            values.add(Integer.parseInt(value.trim()));
        }
        return values;
    }

    private static void deleteDataFiles(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                if (file.getFileName().toString().startsWith("messaging-")) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
