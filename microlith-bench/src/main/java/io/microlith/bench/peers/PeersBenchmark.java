package io.microlith.bench.peers;

import io.microlith.bench.messaging.RoundTrip;
import io.microlith.bench.stores.Workload;
import io.microlith.bench.support.CpuProbe;
import io.microlith.bench.support.Driver;
import io.microlith.bench.support.LoadDriver;
import io.microlith.bench.support.Machine;
import io.microlith.bench.support.Measurement;
import io.microlith.bench.support.Operation;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Microlith and Axon Framework 4.13 on the same work, interleaved in one run: each round runs every scenario on
 * both sides (the side that goes first alternates between rounds), and the table gives each side's median and the
 * ratio Microlith / Axon. Both sides use their defaults but for the stores named in each scenario.
 *
 * <p>Options: {@code --rounds=3}, {@code --seconds=5} measured window, {@code --warmup=2},
 * {@code --only=roundtrip-memory-1,...} (keys of {@link #scenarios()}), {@code --axon-cache=true} (Axon's
 * repository keeps aggregates in a cache, as Microlith's component keeps entities), {@code --inline=false} (Microlith's
 * round trips decided on the client's thread, {@code ComponentBuilder.inline()}), {@code --dir=} data directory,
 * {@code --out=file.md}.
 */
public final class PeersBenchmark implements Driver {
    private static final int COUNTERS = 1000;

    private boolean axonCache;
    private boolean inline;

    @Override
    public String description() {
        return "Microlith and Axon Framework 4.13 side by side, interleaved: round trips and appends";
    }

    @Override
    public void run(Options options) throws Exception {
        int rounds = options.integer("rounds", 3);
        Duration window = options.seconds("seconds", 5);
        Duration warmup = options.seconds("warmup", 2);
        String only = options.string("only", null);
        axonCache = Boolean.parseBoolean(options.string("axon-cache", "true"));
        inline = Boolean.parseBoolean(options.string("inline", "false"));
        Path dir = Path.of(options.string("dir", System.getProperty("java.io.tmpdir"))).resolve("microlith-peers");
        String out = options.string("out", null);
        options.requireAllUsed();
        Files.createDirectories(dir);

        List<Scenario> chosen = scenarios().stream()
                .filter(s -> only == null || Set.of(only.split(",")).contains(s.key())).toList();
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("--only names no scenario; known: "
                    + scenarios().stream().map(Scenario::key).toList());
        }
        StringBuilder report = new StringBuilder();
        report.append("Run on ").append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME))
                .append(", ").append(rounds).append(" interleaved rounds of ").append(window.toSeconds())
                .append(" s (after ").append(warmup.toSeconds()).append(" s of warm-up) per side and scenario, JVM: ")
                .append(Runtime.version()).append(", max heap ").append(Runtime.getRuntime().maxMemory() >> 20)
                .append(" MiB, Axon repository cache: ").append(axonCache ? "on" : "off")
                .append(", Microlith commands handled inline: ").append(inline ? "on" : "off").append("\n\n");
        report.append(Machine.describe(dir)).append('\n');
        System.out.print(report);

        Map<Scenario, List<Measurement>> microlith = new LinkedHashMap<>();
        Map<Scenario, List<Measurement>> axon = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Scenario scenario : chosen) {
                boolean microlithFirst = round % 2 == 0;
                for (int side = 0; side < 2; side++) {
                    boolean ours = (side == 0) == microlithFirst;
                    Measurement m = (ours ? scenario.microlith() : scenario.peer()).run(dir, warmup, window);
                    (ours ? microlith : axon).computeIfAbsent(scenario, s -> new ArrayList<>()).add(m);
                    System.out.printf(Locale.ROOT, "round %d %-24s %-9s %,12.0f %s  %s%n", round + 1, scenario.key(),
                            ours ? "Microlith" : "Axon", scenario.figure(m), scenario.unit(), m.note());
                    clean(dir);
                    System.gc();
                }
            }
        }
        report.append("| work | unit | Axon 4.13 (median) | Microlith (median) | ratio | Axon rounds | Microlith rounds | p99 µs Axon / Microlith |\n")
                .append("| --- | --- | ---: | ---: | ---: | --- | --- | --- |\n");
        for (Scenario scenario : chosen) {
            List<Measurement> theirs = axon.get(scenario);
            List<Measurement> ours = microlith.get(scenario);
            double a = median(scenario, theirs);
            double m = median(scenario, ours);
            report.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | **%.2f** | %s | %s | %s / %s |%n",
                    scenario.work(), scenario.unit(), a, m, m / a, figures(scenario, theirs), figures(scenario, ours),
                    p99(theirs), p99(ours)));
        }
        report.append("\nCPU per operation (last round):\n\n| work | Axon | Microlith |\n| --- | --- | --- |\n");
        for (Scenario scenario : chosen) {
            report.append("| ").append(scenario.work()).append(" | ").append(last(axon.get(scenario)).note())
                    .append(" | ").append(last(microlith.get(scenario)).note()).append(" |\n");
        }
        report.append("\nLoad average at end: ").append(Machine.loadAverage()).append('\n');
        System.out.println();
        System.out.println(report);
        if (out != null) {
            Files.writeString(Path.of(out), report.toString());
        }
    }

    /** Every scenario, in table order. */
    List<Scenario> scenarios() {
        List<Scenario> list = new ArrayList<>();
        for (String storage : List.of("memory", "embedded")) {
            for (int clients : List.of(1, 8)) {
                list.add(new Scenario("roundtrip-" + storage + "-" + clients,
                        "command round trip, " + storage + ", " + clients + (clients == 1 ? " client" : " clients"),
                        "round trips/s",
                        (dir, warmup, window) -> {
                            try (MessageStore store = open(storage, dir)) {
                                return RoundTrip.measure(store, storage, clients, false, 1, inline, warmup, window);
                            }
                        },
                        (dir, warmup, window) -> {
                            try (AxonSide axon = AxonSide.start(storage, dir, axonCache, COUNTERS)) {
                                return LoadDriver.run("axon " + storage + " round trip", clients, warmup, window,
                                        axonRoundTrips(axon), new CpuProbe());
                            }
                        }));
            }
        }
        append(list, "embedded", 1, 1);
        append(list, "embedded", 8, 1);
        append(list, "embedded", 8, 100);
        append(list, "memory", 1, 1);
        append(list, "memory", 8, 1);
        append(list, "memory", 8, 100);
        return list;
    }

    private static void append(List<Scenario> list, String storage, int writers, int batch) {
        list.add(new Scenario("append-" + storage + "-" + writers + "x" + batch,
                storage + " append, " + writers + (writers == 1 ? " writer" : " writers") + " × " + batch,
                "messages/s",
                (dir, warmup, window) -> {
                    try (MessageStore store = open(storage, dir)) {
                        Workload workload = new Workload(Workload.Ids.V7, 10_000);
                        return LoadDriver.run("microlith " + storage + " append", writers, warmup, window,
                                workload.appends(store, batch), new CpuProbe("sqlite writer", "microlith-write"));
                    }
                },
                (dir, warmup, window) -> {
                    try (AxonSide axon = AxonSide.start(storage, dir, false, 0)) {
                        return LoadDriver.run("axon " + storage + " append", writers, warmup, window,
                                AxonAppends.appends(axon.engine(), writers, batch, storage.equals("embedded")),
                                new CpuProbe());
                    }
                }));
    }

    private static Operation.Factory axonRoundTrips(AxonSide axon) {
        return thread -> () -> {
            axon.increment(Integer.toString(ThreadLocalRandom.current().nextInt(COUNTERS)));
            return 1;
        };
    }

    private static MessageStore open(String storage, Path dir) {
        return switch (storage) {
            case "memory" -> new InMemoryMessageStore();
            case "embedded" -> SqliteMessageStore.open(dir.resolve("microlith-" + UUID.randomUUID() + ".db"));
            default -> throw new IllegalArgumentException("Unknown storage '" + storage + "'");
        };
    }

    private static double median(Scenario scenario, List<Measurement> runs) {
        List<Double> figures = runs.stream().map(scenario::figure).sorted().toList();
        int n = figures.size();
        return n % 2 == 1 ? figures.get(n / 2) : (figures.get(n / 2 - 1) + figures.get(n / 2)) / 2;
    }

    private static String figures(Scenario scenario, List<Measurement> runs) {
        return String.join(", ", runs.stream().map(m -> String.format(Locale.ROOT, "%,.0f", scenario.figure(m))).toList());
    }

    private static String p99(List<Measurement> runs) {
        return String.format(Locale.ROOT, "%,.0f", runs.stream().map(Measurement::p99Nanos)
                .max(Comparator.naturalOrder()).orElse(0L) / 1e3);
    }

    private static Measurement last(List<Measurement> runs) {
        return runs.get(runs.size() - 1);
    }

    private static void clean(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
