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
 * ({@code MICROLITH_PORT=8080}); a flag wins over the environment. {@link Flag#ALL} lists every flag, for
 * {@code --help} and for refusing a flag that does not exist.
 *
 * @param port       HTTP port; 0 picks a free one
 * @param host       the address to listen on
 * @param dataDir    where the SQLite files (store, views) and the mail outbox live
 * @param store      the message store: {@code sqlite} (the file {@code microlith.db} in {@code dataDir}), {@code memory}
 *                   (nothing kept), or a store setting such as {@code sqlite:/var/lib/demo/store.db} or
 *                   {@code postgresql://127.0.0.1/microlith} (then the views are in that database's schema
 *                   {@code microlith_views})
 * @param run        the roles this process runs: {@code web}, {@code identity}, {@code email}, {@code orders},
 *                   {@code videos}, {@code users}, {@code views}
 * @param bcryptCost bcrypt's cost factor
 * @param deadline   how long a route waits for an outcome before answering 504
 * @param sealKey     base64 AES key shared by processes that split web and identity, or {@code null}
 * @param sessionIdle how long a session lasts without a request
 * @param sessionMax  how long a session lasts at most, however busy
 * @param web         the HTTP edge: trusted proxy headers, allowed origins, back-pressure
 * @param transcodeDelay how long the simulated transcoding of a published video takes
 * @param admins     the (normalized) e-mail addresses of the administrators of the admin portal ({@code /admin}), each of
 *                   whom confirms once with the code the server logs at start; none by default
 * @param transport  how the consumers receive messages: {@code store} (reading the store, the default), or a broker,
 *                   {@code amqp://} / {@code rabbitmq://...} (RabbitMQ) or {@code kafka://...} (decision 0093)
 */
public record DemoSettings(int port, String host, Path dataDir, String store, Set<String> run, int bcryptCost,
                           Duration deadline, String sealKey, Duration sessionIdle, Duration sessionMax, WebEdge web,
                           Duration transcodeDelay, Set<String> admins, String transport) {

    /**
     * The HTTP edge's settings.
     *
     * @param trustProxy     whether {@code X-Forwarded-Proto} / {@code Forwarded} are believed (only behind a proxy
     *                       that sets them): then a request that came over HTTPS gets {@code Secure} cookies
     * @param allowedOrigins pages that may open live streams besides the app's own (e.g. {@code https://shop.example})
     * @param maxPending     commands waiting for the components beyond which command routes answer 503
     * @param ordersPerSecond orders one user may place per second, after a first burst of as many (429 beyond);
     *                       0 for no limit per user (the load benchmarks, which order as one customer)
     */
    public record WebEdge(boolean trustProxy, Set<String> allowedOrigins, long maxPending, int ordersPerSecond) {
        /** Orders per user and second unless configured. */
        public static final int ORDERS_PER_SECOND = 20;
        public static final WebEdge DEFAULTS = new WebEdge(false, Set.of(), 5_000);

        public WebEdge {
            allowedOrigins = Set.copyOf(allowedOrigins);
            if (maxPending < 1) {
                throw new IllegalArgumentException("max-pending must be at least 1, was " + maxPending);
            }
            if (ordersPerSecond < 0 || ordersPerSecond > 1_000_000) {
                throw new IllegalArgumentException("orders-per-second must be between 0 and 1000000, was " + ordersPerSecond);
            }
        }

        /** The edge with {@value #ORDERS_PER_SECOND} orders per user and second. */
        public WebEdge(boolean trustProxy, Set<String> allowedOrigins, long maxPending) {
            this(trustProxy, allowedOrigins, maxPending, ORDERS_PER_SECOND);
        }
    }
    public static final Set<String> ROLES = Set.of("web", "identity", "email", "orders", "views", "videos", "users",
            "relay");

    /** One command-line flag: its name, its default as shown, and what it means. */
    public record Flag(String name, String shown, String meaning) {
        public static final List<Flag> ALL = List.of(
                new Flag("port", "8080", "HTTP port (env MICROLITH_PORT or PORT); 0 picks a free one"),
                new Flag("host", "0.0.0.0", "address to listen on (env MICROLITH_HOST)"),
                new Flag("data", "./data", "folder of the store, the views and the mail outbox (env MICROLITH_DATA)"),
                new Flag("store", "sqlite", "sqlite (kept in --data), memory, or a store setting such as "
                        + "sqlite:/path/store.db or postgresql://127.0.0.1/microlith (views then in its schema "
                        + "microlith_views) (env MICROLITH_STORE)"),
                new Flag("run", "web,identity,email,orders,videos,users,views,relay", "roles of this process (env "
                        + "MICROLITH_RUN); split them over processes on a PostgreSQL store (see the README); relay "
                        + "publishes the store's messages to the --transport broker, in one process"),
                new Flag("bcrypt-cost", "10", "bcrypt cost factor, 4 to 31 (env MICROLITH_BCRYPT_COST)"),
                new Flag("deadline-ms", "5000", "how long routes wait for an outcome before 504 (env MICROLITH_DEADLINE_MS)"),
                new Flag("seal-key", "<random>", "base64 AES key that seals passwords in commands, shared by processes "
                        + "that split web and identity (env MICROLITH_SEAL_KEY)"),
                new Flag("session-idle-minutes", "30", "a session ends after this long without a request "
                        + "(env MICROLITH_SESSION_IDLE_MINUTES)"),
                new Flag("session-max-minutes", "720", "a session ends this long after the login, however busy "
                        + "(env MICROLITH_SESSION_MAX_MINUTES)"),
                new Flag("trust-proxy", "false", "believe X-Forwarded-Proto / Forwarded (only behind a proxy that sets "
                        + "them): HTTPS requests then get Secure cookies (env MICROLITH_TRUST_PROXY)"),
                new Flag("allowed-origins", "<none>", "comma-separated origins besides the app's own that may open live "
                        + "streams (env MICROLITH_ALLOWED_ORIGINS)"),
                new Flag("max-pending", "5000", "commands waiting for the components beyond which command routes "
                        + "answer 503 with Retry-After (env MICROLITH_MAX_PENDING)"),
                new Flag("orders-per-second", "20", "orders one user may place per second, after a first burst of as "
                        + "many; beyond, POST /order answers 429 with Retry-After; 0: no limit (env "
                        + "MICROLITH_ORDERS_PER_SECOND)"),
                new Flag("transcode-ms", "1000", "how long the simulated transcoding of a published video takes, 0 to "
                        + "600000 (env MICROLITH_TRANSCODE_MS)"),
                new Flag("admins", "<none>", "comma-separated e-mail addresses of the administrators of /admin; each "
                        + "confirms once with the code the server logs at start (env MICROLITH_ADMINS)"),
                new Flag("transport", "store", "how consumers receive: store (they read it), a RabbitMQ URL such as "
                        + "rabbitmq://guest:guest@127.0.0.1:5672 or a Kafka URL such as kafka://127.0.0.1:9092; a broker "
                        + "that cannot be reached fails the start after startupWait (10 s) (env MICROLITH_TRANSPORT)"));

        /** The usage text of every flag. */
        public static String usage() {
            StringBuilder usage = new StringBuilder("Usage: java -jar microlith-demo.jar [options]\n");
            for (Flag flag : ALL) {
                usage.append(String.format("  --%-36s %s%n", flag.name() + "=" + flag.shown(), flag.meaning()));
            }
            return usage.append(String.format("  --%-36s %s%n", "help", "print this and exit")).toString();
        }
    }

    public DemoSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        if (!store.equals("sqlite") && !store.equals("memory") && store.indexOf(':') <= 0) {
            throw new IllegalArgumentException("store must be 'sqlite', 'memory' or a store setting such as "
                    + "'sqlite:./data/store.db' or 'postgresql://127.0.0.1/microlith', was '" + store + "'");
        }
        for (String role : run) {
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException("Unknown role '" + role + "' in --run; roles are " + ROLES);
            }
        }
        if (bcryptCost < 4 || bcryptCost > 31) {
            throw new IllegalArgumentException("bcrypt-cost must be between 4 and 31, was " + bcryptCost);
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline-ms must be positive, was " + deadline.toMillis());
        }
        if (sessionIdle.isNegative() || sessionIdle.isZero() || sessionMax.isNegative() || sessionMax.isZero()) {
            throw new IllegalArgumentException("session-idle-minutes and session-max-minutes must be positive, were "
                    + sessionIdle.toMinutes() + " and " + sessionMax.toMinutes());
        }
        if (transcodeDelay.isNegative() || transcodeDelay.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("transcode-ms must be between 0 and 600000, was " + transcodeDelay.toMillis());
        }
        if (!transport.equals("store") && !transport.startsWith("amqp://") && !transport.startsWith("amqps://")
                && !transport.startsWith("rabbitmq://") && !transport.startsWith("kafka://")) {
            throw new IllegalArgumentException("transport must be 'store', a RabbitMQ URL (amqp://, rabbitmq://) or a "
                    + "Kafka URL (kafka://), was '" + transport + "'");
        }
        run = Set.copyOf(run);
        admins = admins.stream().map(admin -> admin.strip().toLowerCase(Locale.ROOT)).filter(admin -> !admin.isEmpty())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The defaults: port 8080 on all addresses, ./data, SQLite, every role. */
    public static DemoSettings defaults() {
        return new DemoSettings(8080, "0.0.0.0", Path.of("data"), "sqlite", ROLES, 10, Duration.ofSeconds(5), null,
                Duration.ofMinutes(30), Duration.ofHours(12), WebEdge.DEFAULTS, Duration.ofSeconds(1), Set.of(), "store");
    }

    /**
     * Settings from flags, then environment, then defaults.
     *
     * @throws IllegalArgumentException naming the flag, for an unknown flag or a value that does not fit
     */
    public static DemoSettings from(List<String> args, Map<String, String> env) {
        for (String arg : args) {
            String name = arg.startsWith("--") ? arg.substring(2).split("=", 2)[0] : arg;
            if (Flag.ALL.stream().noneMatch(flag -> flag.name().equals(name)) || !arg.contains("=")) {
                throw new IllegalArgumentException("Unknown option '" + arg + "'; options look like --port=8080 (see --help)");
            }
        }
        DemoSettings s = defaults();
        int port = number(pick(args, env, "port", Integer.toString(s.port)), "port");
        String host = pick(args, env, "host", s.host);
        Path data = Path.of(pick(args, env, "data", s.dataDir.toString()));
        String store = pick(args, env, "store", s.store);
        Set<String> run = new LinkedHashSet<>(List.of(pick(args, env, "run", String.join(",", ROLES)).split(",")));
        run.removeIf(String::isBlank);
        int cost = number(pick(args, env, "bcrypt-cost", Integer.toString(s.bcryptCost)), "bcrypt-cost");
        Duration deadline = Duration.ofMillis(number(pick(args, env, "deadline-ms", Long.toString(s.deadline.toMillis())), "deadline-ms"));
        String sealKey = pick(args, env, "seal-key", null);
        Duration idle = Duration.ofMinutes(number(pick(args, env, "session-idle-minutes", Long.toString(s.sessionIdle.toMinutes())),
                "session-idle-minutes"));
        Duration max = Duration.ofMinutes(number(pick(args, env, "session-max-minutes", Long.toString(s.sessionMax.toMinutes())),
                "session-max-minutes"));
        String trust = pick(args, env, "trust-proxy", "false");
        if (!trust.equals("true") && !trust.equals("false")) {
            throw new IllegalArgumentException("trust-proxy must be true or false, was '" + trust + "'");
        }
        Set<String> origins = new LinkedHashSet<>(List.of(pick(args, env, "allowed-origins", "").split(",")));
        origins.removeIf(String::isBlank);
        long maxPending = number(pick(args, env, "max-pending", Long.toString(s.web.maxPending())), "max-pending");
        int ordersPerSecond = number(pick(args, env, "orders-per-second", Integer.toString(s.web.ordersPerSecond())),
                "orders-per-second");
        Duration transcode = Duration.ofMillis(number(pick(args, env, "transcode-ms", Long.toString(s.transcodeDelay.toMillis())),
                "transcode-ms"));
        Set<String> admins = Set.of(pick(args, env, "admins", "").split(","));
        String transport = pick(args, env, "transport", s.transport);
        return new DemoSettings(port, host, data, store, run, cost, deadline, sealKey, idle, max,
                new WebEdge(Boolean.parseBoolean(trust), origins, maxPending, ordersPerSecond), transcode, admins, transport);
    }

    private static int number(String text, String flag) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a whole number, was '" + text + "'");
        }
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

    /** The message store's setting for {@code MessageStores.open}: the shorthands {@code sqlite} and {@code memory} resolved. */
    public String storeSetting() {
        return switch (store) {
            case "sqlite" -> "sqlite:" + dataDir.resolve("microlith.db");
            case "memory" -> "memory:";
            default -> store;
        };
    }

    /** Whether the store keeps nothing (then the views are kept in a temporary file too). */
    public boolean keepsNothing() {
        return storeSetting().startsWith("memory:");
    }

    /** Whether the store is on PostgreSQL (then so are the views, in a schema of the store's database). */
    public boolean onPostgres() {
        String setting = storeSetting();
        return setting.startsWith("postgresql:") || setting.startsWith("postgres:") || setting.startsWith("jdbc:postgresql:");
    }

    /** Whether the consumers receive through a broker rather than reading the store. */
    public boolean onBroker() {
        return !transport.equals("store");
    }

    /** Whether the broker is RabbitMQ (else Kafka), when {@link #onBroker()}. */
    public boolean onRabbit() {
        return !transport.startsWith("kafka://");
    }

    /**
     * The broker's URL for its transport: {@code rabbitmq://} is RabbitMQ's {@code amqp://}, and Kafka's topics get one
     * partition unless the URL says otherwise, since the demo's consumers (concurrency 1, views) need global order.
     */
    public String brokerSetting() {
        if (transport.startsWith("rabbitmq://")) {
            return "amqp://" + transport.substring("rabbitmq://".length());
        }
        if (transport.startsWith("kafka://") && !transport.contains("partitions=")) {
            return transport + (transport.contains("?") ? "&" : "?") + "partitions=1";
        }
        return transport;
    }

    public boolean runs(String role) {
        return run.contains(role);
    }

    public DemoSettings withPort(int port) {
        return edit(e -> e.port = port);
    }

    public DemoSettings withHost(String host) {
        return edit(e -> e.host = host);
    }

    public DemoSettings withDataDir(Path dataDir) {
        return edit(e -> e.dataDir = dataDir);
    }

    public DemoSettings withStore(String store) {
        return edit(e -> e.store = store);
    }

    public DemoSettings withRun(Set<String> run) {
        return edit(e -> e.run = run);
    }

    public DemoSettings withBcryptCost(int cost) {
        return edit(e -> e.bcryptCost = cost);
    }

    public DemoSettings withSessions(Duration idle, Duration max) {
        return edit(e -> {
            e.sessionIdle = idle;
            e.sessionMax = max;
        });
    }

    public DemoSettings withTranscodeDelay(Duration delay) {
        return edit(e -> e.transcodeDelay = delay);
    }

    public DemoSettings withAdmins(Set<String> admins) {
        return edit(e -> e.admins = admins);
    }

    public DemoSettings withWeb(WebEdge web) {
        return edit(e -> e.web = web);
    }

    public DemoSettings withSealKey(String sealKey) {
        return edit(e -> e.sealKey = sealKey);
    }

    public DemoSettings withTransport(String transport) {
        return edit(e -> e.transport = transport);
    }

    public DemoSettings withDeadline(Duration deadline) {
        return edit(e -> e.deadline = deadline);
    }

    private DemoSettings edit(java.util.function.Consumer<Editable> change) {
        Editable editable = new Editable(this);
        change.accept(editable);
        return editable.settings();
    }

    /** A mutable copy for the {@code with} methods: a new setting is one line here, not one in every method. */
    private static final class Editable {
        int port;
        String host;
        Path dataDir;
        String store;
        Set<String> run;
        int bcryptCost;
        Duration deadline;
        String sealKey;
        Duration sessionIdle;
        Duration sessionMax;
        WebEdge web;
        Duration transcodeDelay;
        Set<String> admins;
        String transport;

        Editable(DemoSettings s) {
            port = s.port;
            host = s.host;
            dataDir = s.dataDir;
            store = s.store;
            run = s.run;
            bcryptCost = s.bcryptCost;
            deadline = s.deadline;
            sealKey = s.sealKey;
            sessionIdle = s.sessionIdle;
            sessionMax = s.sessionMax;
            web = s.web;
            transcodeDelay = s.transcodeDelay;
            admins = s.admins;
            transport = s.transport;
        }

        DemoSettings settings() {
            return new DemoSettings(port, host, dataDir, store, run, bcryptCost, deadline, sealKey, sessionIdle, sessionMax,
                    web, transcodeDelay, admins, transport);
        }
    }
}
