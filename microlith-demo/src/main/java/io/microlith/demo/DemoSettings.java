package io.microlith.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How the demo runs, from command-line flags ({@code --port=8080}) or environment variables
 * ({@code MICROLITH_PORT=8080}); a flag wins over the environment.
 *
 * @param port         HTTP port; 0 picks a free one
 * @param host         the address to listen on
 * @param dataDir      where the SQLite files (store, views) and the mail outbox live
 * @param store        {@code sqlite} (default) or {@code memory} (nothing kept)
 * @param run          the roles this process runs: {@code web}, {@code identity}, {@code email}, {@code orders}, {@code views}
 * @param bcryptCost   bcrypt's cost factor
 * @param deadline     how long a route waits for an outcome before answering 504
 * @param sealKey      base64 AES key shared by processes that split web and identity, or {@code null}
 */
public record DemoSettings(int port, String host, Path dataDir, String store, Set<String> run, int bcryptCost,
                           Duration deadline, String sealKey) {
    public static final Set<String> ROLES = Set.of("web", "identity", "email", "orders", "views");

    public DemoSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        if (!store.equals("sqlite") && !store.equals("memory")) {
            throw new IllegalArgumentException("store must be 'sqlite' or 'memory', was '" + store + "'");
        }
        for (String role : run) {
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException("Unknown role '" + role + "' in --run; roles are " + ROLES);
            }
        }
        run = Set.copyOf(run);
    }

    /** The defaults: port 8080 on all addresses, ./data, SQLite, every role. */
    public static DemoSettings defaults() {
        return new DemoSettings(8080, "0.0.0.0", Path.of("data"), "sqlite", ROLES, 10, Duration.ofSeconds(5), null);
    }

    /** Settings from flags, then environment, then defaults. */
    public static DemoSettings from(List<String> args, Map<String, String> env) {
        DemoSettings s = defaults();
        int port = Integer.parseInt(pick(args, env, "port", Integer.toString(s.port)));
        String host = pick(args, env, "host", s.host);
        Path data = Path.of(pick(args, env, "data", s.dataDir.toString()));
        String store = pick(args, env, "store", s.store).toLowerCase(Locale.ROOT);
        Set<String> run = new LinkedHashSet<>(List.of(pick(args, env, "run", String.join(",", ROLES)).split(",")));
        run.removeIf(String::isBlank);
        int cost = Integer.parseInt(pick(args, env, "bcrypt-cost", Integer.toString(s.bcryptCost)));
        Duration deadline = Duration.ofMillis(Long.parseLong(pick(args, env, "deadline-ms", Long.toString(s.deadline.toMillis()))));
        String sealKey = pick(args, env, "seal-key", null);
        return new DemoSettings(port, host, data, store, run, cost, deadline, sealKey);
    }

    private static String pick(List<String> args, Map<String, String> env, String name, String fallback) {
        String prefix = "--" + name + "=";
        for (String arg : args) {
            if (arg.startsWith(prefix)) {
                return arg.substring(prefix.length());
            }
        }
        String variable = "MICROLITH_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
        String value = env.get(variable);
        if (value == null && name.equals("port")) {
            value = env.get("PORT");
        }
        return value != null && !value.isBlank() ? value : fallback;
    }

    public boolean runs(String role) {
        return run.contains(role);
    }

    public DemoSettings withPort(int port) {
        return new DemoSettings(port, host, dataDir, store, run, bcryptCost, deadline, sealKey);
    }

    public DemoSettings withHost(String host) {
        return new DemoSettings(port, host, dataDir, store, run, bcryptCost, deadline, sealKey);
    }

    public DemoSettings withDataDir(Path dataDir) {
        return new DemoSettings(port, host, dataDir, store, run, bcryptCost, deadline, sealKey);
    }

    public DemoSettings withStore(String store) {
        return new DemoSettings(port, host, dataDir, store, run, bcryptCost, deadline, sealKey);
    }

    public DemoSettings withRun(Set<String> run) {
        return new DemoSettings(port, host, dataDir, store, run, bcryptCost, deadline, sealKey);
    }

    public DemoSettings withBcryptCost(int cost) {
        return new DemoSettings(port, host, dataDir, store, run, cost, deadline, sealKey);
    }

    public DemoSettings withDeadline(Duration deadline) {
        return new DemoSettings(port, host, dataDir, store, run, bcryptCost, deadline, sealKey);
    }
}
