package io.microlith.bench;

import io.microlith.bench.postgres.PostgresBenchmark;
import io.microlith.bench.messaging.MessagingBenchmark;
import io.microlith.bench.peers.PeersBenchmark;
import io.microlith.bench.stores.SqliteCommitCost;
import io.microlith.bench.stores.StoresBenchmark;
import io.microlith.bench.support.Driver;
import io.microlith.bench.support.Options;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark jar's entry point: {@code java -jar microlith-bench/target/microlith-bench.jar <driver> [--options]}.
 * Drivers are listed here by name, explicitly; a new driver adds one line.
 */
public final class Main {
    private static final Map<String, Driver> DRIVERS = new LinkedHashMap<>();

    static {
        DRIVERS.put("stores", new StoresBenchmark());
        DRIVERS.put("postgres", new PostgresBenchmark());
        DRIVERS.put("messaging", new MessagingBenchmark());
        DRIVERS.put("peers", new PeersBenchmark());
        DRIVERS.put("sqlite-commit", new SqliteCommitCost());
    }

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !DRIVERS.containsKey(args[0])) {
            System.err.println("Usage: java -jar microlith-bench.jar <driver> [--option=value ...]");
            System.err.println("Drivers:");
            DRIVERS.forEach((name, driver) -> System.err.println("  " + name + "  " + driver.description()));
            if (args.length > 0) {
                System.err.println("Unknown driver '" + args[0] + "'");
            }
            System.exit(2);
        }
        DRIVERS.get(args[0]).run(new Options(Arrays.asList(args).subList(1, args.length)));
    }
}
