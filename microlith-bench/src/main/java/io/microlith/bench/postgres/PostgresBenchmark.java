package io.microlith.bench.postgres;

import io.microlith.bench.support.Driver;
import io.microlith.bench.support.LoadDriver;
import io.microlith.bench.support.Machine;
import io.microlith.bench.support.Measurement;
import io.microlith.bench.support.Operation;
import io.microlith.bench.support.Options;
import io.microlith.message.Message;
import io.microlith.message.Metadata;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.postgres.CommitMode;
import io.microlith.postgres.PostgresMessageStore;
import io.microlith.postgres.PostgresSettings;
import io.microlith.store.ExpectedVersion;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Microlith's PostgreSQL store against message-db itself (issue 4, item 7), side by side in one run on one
 * server: a database installed by Microlith and one installed by message-db's own installer from npm.
 *
 * <ul>
 *   <li>Writes: one message per transaction from 1 and 8 clients, and 100 messages per transaction from 8
 *       clients. Microlith: {@code PostgresMessageStore.write}, one store shared by the client threads (as one
 *       process uses it). message-db: {@code SELECT write_message(...)} per message through JDBC, one
 *       connection per client, a transaction around each batch. Each client writes to random streams
 *       (1,000) of a category of its own, message-db's most favourable case (its lock is per category);
 *       one run has all clients write to one category instead.</li>
 *   <li>Category reads: a category of {@code --read-messages} messages (10,000 streams, metadata with a
 *       correlation id), read from the start in batches of 1,000 by 1 and 8 readers, each row turned into
 *       a {@link Message} on both sides (message-db's rows with {@code get_category_messages}).</li>
 * </ul>
 * The write runs are repeated with {@code commit=pipelined} (see {@code CommitMode}). {@code --only=issue14} runs
 * issue 14's comparison instead: single messages from 8 and 16 clients, through one store, one store per client,
 * and plain SQL {@code write_message} on Microlith's schema, each against message-db's {@code write_message};
 * {@code --only=issue14-store} its shared-store rows alone. Each run's line also gives the CPU per message of
 * this JVM (the client) and of the local server's processes ({@link ServerCpuProbe}).
 *
 * <p>Options: {@code --host=127.0.0.1 --port=5432 --user=postgres}, {@code --seconds=5} measured window per run,
 * {@code --warmup=2}, {@code --rounds=3} runs of each side, alternating, medians reported,
 * {@code --read-messages=1000000}, {@code --message-db=<dir>} where to keep the npm
 * package (default {@code ./target/message-db-bench}), {@code --only=writes,reads} (or {@code issue14}), {@code --keep} to keep
 * the two databases.
 */
public final class PostgresBenchmark implements Driver {
    private static final String READ_CATEGORY = "benchRead";
    private static final int STREAMS_PER_WRITER = 1000;
    private MessageDbClients messageDbClients;
    private int rounds = 3;

    public static void main(String[] args) throws Exception {
        new PostgresBenchmark().run(new Options(List.of(args)));
    }

    @Override
    public String description() {
        return "PostgreSQL store vs message-db's write_message and get_category_messages (same server, one run)";
    }

    @Override
    public void run(Options options) throws Exception {
        String host = options.string("host", "127.0.0.1");
        int port = options.integer("port", 5432);
        String user = options.string("user", "postgres");
        Duration window = options.seconds("seconds", 5);
        Duration warmup = options.seconds("warmup", 2);
        int readMessages = options.integer("read-messages", 1_000_000);
        Path packageHome = Path.of(options.string("message-db", "target/message-db-bench")).toAbsolutePath();
        String only = options.string("only", "writes,reads");
        boolean keep = options.flag("keep");
        rounds = options.integer("rounds", 3);
        options.requireAllUsed();

        String suffix = Long.toString(System.currentTimeMillis() % 1_000_000);
        String microlithDb = "microlith_bench_" + suffix;
        String messageDb = "message_db_bench_" + suffix;
        PostgresServer server = new PostgresServer(host, port, user);
        messageDbClients = new MessageDbClients(server);
        server.execute("postgres", "CREATE DATABASE " + microlithDb);
        server.execute("postgres", "CREATE DATABASE " + messageDb);
        StringBuilder report = new StringBuilder();
        try {
            MessageDbDatabase.install(MessageDbDatabase.fetch(packageHome), host, port, user, messageDb);
            PostgresSettings settings = PostgresSettings.parse("postgresql://" + user + "@" + host + ":" + port + "/" + microlithDb);
            try (PostgresMessageStore store = PostgresMessageStore.open(settings)) {
                report.append("Run on ").append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME)).append("\n\n");
                report.append(Machine.describe(Path.of("."))).append(server.describe()).append('\n');
                System.out.print(report);
                List<String[]> rows = new ArrayList<>();
                if (only.contains("writes") || only.contains("issue14")) {
                    warmUp(store, messageDb);
                }
                if (only.contains("writes")) {
                    rows.add(compare("1 client, 1 message per transaction", 1,
                            microlithWrites(store, 1), messageDbClients.writes(messageDb, 1), warmup, window));
                    rows.add(compare("8 clients, 1 message per transaction", 8,
                            microlithWrites(store, 1), messageDbClients.writes(messageDb, 1), warmup, window));
                    rows.add(compare("8 clients, 1 message per transaction, one category for all", 8,
                            microlithWrites(store, 1, true), messageDbClients.writes(messageDb, 1, true), warmup, window));
                    rows.add(compare("8 clients, 100 messages per transaction", 8,
                            microlithWrites(store, 100), messageDbClients.writes(messageDb, 100), warmup, window));
                    try (MultiStore separate = new MultiStore(settings, 8)) {
                        rows.add(compare("8 clients, 1 message, one store (connection) per client: no combining", 8,
                                separate.writes(), messageDbClients.writes(messageDb, 1), warmup, window));
                    }
                    PostgresSettings pipelined = settings.withCommitMode(CommitMode.PIPELINED);
                    try (PostgresMessageStore store2 = PostgresMessageStore.open(pipelined)) {
                        rows.add(compare("commit=pipelined: 1 client, 1 message per transaction", 1,
                                microlithWrites(store2, 1), messageDbClients.writes(messageDb, 1), warmup, window));
                        rows.add(compare("commit=pipelined: 8 clients, 1 message per transaction", 8,
                                microlithWrites(store2, 1), messageDbClients.writes(messageDb, 1), warmup, window));
                        rows.add(compare("commit=pipelined: 8 clients, 100 messages per transaction", 8,
                                microlithWrites(store2, 100), messageDbClients.writes(messageDb, 100), warmup, window));
                    }
                    try (MultiStore separate = new MultiStore(pipelined, 8)) {
                        rows.add(compare("commit=pipelined: 8 clients, 1 message, one store (connection) per client", 8,
                                separate.writes(), messageDbClients.writes(messageDb, 1), warmup, window));
                    }
                }
                if (only.contains("issue14")) {
                    // Issue 14: single messages from 8 and 16 concurrent writers, writers committing side by side
                    // (decision 0099): one store shared by the clients, one store per client (separate sessions,
                    // as separate processes), and plain SQL write_message clients on Microlith's schema.
                    for (int clients : new int[] {8, 16}) {
                        rows.add(compare(clients + " clients, 1 message per transaction, one store", clients,
                                microlithWrites(store, 1), messageDbClients.writes(messageDb, 1), warmup, window));
                        if (only.contains("issue14-store")) {
                            continue; // the shared store's rows alone
                        }
                        try (MultiStore separate = new MultiStore(settings, clients)) {
                            rows.add(compare(clients + " clients, 1 message, one store (connection) per client", clients,
                                    separate.writes(), messageDbClients.writes(messageDb, 1), warmup, window));
                        }
                        rows.add(compare(clients + " clients, 1 message, SQL write_message on Microlith's schema", clients,
                                messageDbClients.writes(microlithDb, 1), messageDbClients.writes(messageDb, 1), warmup, window));
                        rows.add(compare(clients + " clients, 1 message, SQL write_message on Microlith's schema, notify off", clients,
                                messageDbClients.writesNotifyOff(microlithDb), messageDbClients.writes(messageDb, 1), warmup, window));
                    }
                }
                if (only.contains("reads")) {
                    populate(server, microlithDb, readMessages);
                    populate(server, messageDb, readMessages);
                    String what = String.format(Locale.ROOT, "category reads, %,d messages, batches of 1,000", readMessages);
                    rows.add(compare(what + ", 1 reader", 1, microlithReads(store),
                            messageDbClients.reads(messageDb, READ_CATEGORY), warmup, window));
                    rows.add(compare(what + ", 8 readers", 8, microlithReads(store),
                            messageDbClients.reads(messageDb, READ_CATEGORY), warmup, window));
                }
                report.append("\n| workload | Microlith msgs/s | message-db msgs/s | ratio | Microlith p50 / p99 µs | message-db p50 / p99 µs |\n")
                        .append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
                rows.forEach(r -> report.append("| ").append(String.join(" | ", r)).append(" |\n"));
                report.append("\nLoad average at end: ").append(Machine.loadAverage()).append('\n');
                System.out.println();
                System.out.println(report);
            }
        } finally {
            if (!keep) {
                server.execute("postgres", "DROP DATABASE IF EXISTS " + microlithDb + " WITH (FORCE)");
                server.execute("postgres", "DROP DATABASE IF EXISTS " + messageDb + " WITH (FORCE)");
            }
        }
    }

    /**
     * Runs both sides {@code rounds} times, alternating which goes first (AB, BA, AB, ...), so that a change
     * of load on the shared machine hits both alike; reports the median run of each side.
     */
    private String[] compare(String what, int threads, Operation.Factory microlith, Operation.Factory messageDb,
                             Duration warmup, Duration window) throws InterruptedException {
        List<Measurement> ours = new ArrayList<>();
        List<Measurement> theirs = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            boolean oursFirst = round % 2 == 0;
            for (int side = 0; side < 2; side++) {
                boolean microlithSide = (side == 0) == oursFirst;
                Measurement m = microlithSide
                        ? LoadDriver.run("Microlith " + what, threads, warmup, window, microlith, new ServerCpuProbe())
                        : LoadDriver.run("message-db " + what, threads, warmup, window, messageDb, new ServerCpuProbe());
                messageDbClients.closeConnections();
                System.out.println(m.markdownRow() + " " + m.note() + " (load " + Machine.loadAverage() + ")");
                (microlithSide ? ours : theirs).add(m);
            }
        }
        Measurement a = median(ours);
        Measurement b = median(theirs);
        return new String[] {what,
                String.format(Locale.ROOT, "%,.0f", a.messagesPerSecond()),
                String.format(Locale.ROOT, "%,.0f", b.messagesPerSecond()),
                String.format(Locale.ROOT, "%.2f×", a.messagesPerSecond() / b.messagesPerSecond()),
                String.format(Locale.ROOT, "%,.0f / %,.0f", a.p50Nanos() / 1e3, a.p99Nanos() / 1e3),
                String.format(Locale.ROOT, "%,.0f / %,.0f", b.p50Nanos() / 1e3, b.p99Nanos() / 1e3)};
    }

    /**
     * Both sides' write paths once, unmeasured, before the first row: otherwise the JIT compiles Microlith's
     * (the larger client) during its first measured run, on the cores the server needs, and that run comes out low.
     */
    private void warmUp(PostgresMessageStore store, String messageDb) throws InterruptedException {
        // 5 s left the first measured run's client CPU three times the later runs' (still compiling); 15 s does not
        Duration warm = Duration.ofSeconds(15);
        Duration none = Duration.ofMillis(1);
        LoadDriver.run("warm-up Microlith", 8, warm, none, microlithWrites(store, 1));
        LoadDriver.run("warm-up message-db", 8, warm, none, messageDbClients.writes(messageDb, 1));
        messageDbClients.closeConnections();
    }

    private static Measurement median(List<Measurement> runs) {
        List<Measurement> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingDouble(Measurement::messagesPerSecond));
        return sorted.get(sorted.size() / 2);
    }

    /** The same message on both sides: a small body and metadata with a correlation id. */
    static NewMessage message(int i) {
        return new NewMessage(UUID.randomUUID(), "Deposited",
                "{\"amount\":" + i + ",\"currency\":\"EUR\",\"note\":\"benchmark deposit number " + i + "\"}",
                Metadata.EMPTY.withCorrelationId(UUID.randomUUID().toString()));
    }

    /** A random stream of the client's own category, or of one category shared by all clients. */
    static StreamName randomStream(int thread, boolean shared) {
        return shared
                ? StreamName.of("benchShared", thread + "x" + ThreadLocalRandom.current().nextInt(STREAMS_PER_WRITER))
                : StreamName.of("benchWrite" + thread, Integer.toString(ThreadLocalRandom.current().nextInt(STREAMS_PER_WRITER)));
    }

    private static Operation.Factory microlithWrites(PostgresMessageStore store, int perTransaction) {
        return microlithWrites(store, perTransaction, false);
    }

    private static Operation.Factory microlithWrites(PostgresMessageStore store, int perTransaction, boolean shared) {
        return thread -> () -> {
            List<NewMessage> messages = new ArrayList<>(perTransaction);
            for (int i = 0; i < perTransaction; i++) {
                messages.add(message(i));
            }
            store.write(randomStream(thread, shared), messages, ExpectedVersion.any());
            return perTransaction;
        };
    }

    private static Operation.Factory microlithReads(PostgresMessageStore store) {
        return thread -> {
            long[] next = {1};
            return () -> {
                List<Message> batch = store.readCategory(READ_CATEGORY, next[0], 1000);
                next[0] = batch.isEmpty() ? 1 : batch.get(batch.size() - 1).globalPosition() + 1;
                return batch.size();
            };
        };
    }

    /** The same rows in both databases, by plain INSERT (setup only, not measured). */
    private static void populate(PostgresServer server, String database, int messages) throws SQLException {
        long start = System.nanoTime();
        int chunk = 100_000;
        for (int from = 0; from < messages; from += chunk) {
            int to = Math.min(messages, from + chunk) - 1;
            server.execute(database, """
                    INSERT INTO message_store.messages (id, stream_name, "position", "type", data, metadata)
                    SELECT gen_random_uuid(), '%s-' || (i %% 10000), i / 10000, 'Deposited',
                           jsonb_build_object('amount', i, 'currency', 'EUR', 'note', 'benchmark deposit number ' || i),
                           jsonb_build_object('correlationId', md5(i::text))
                    FROM generate_series(%d, %d) AS i""".formatted(READ_CATEGORY, from, to));
        }
        server.execute(database, "VACUUM ANALYZE message_store.messages");
        System.out.printf(Locale.ROOT, "Populated %s with %,d messages in %.1f s%n", database, messages,
                (System.nanoTime() - start) / 1e9);
    }

    /** Stores of their own per client (pools of two): writers in separate sessions, as separate processes would be. */
    private static final class MultiStore implements AutoCloseable {
        private final List<PostgresMessageStore> stores = new ArrayList<>();

        MultiStore(PostgresSettings settings, int count) {
            for (int i = 0; i < count; i++) {
                stores.add(PostgresMessageStore.open(settings.withPoolSize(2)));
            }
        }

        Operation.Factory writes() {
            return thread -> microlithWrites(stores.get(thread), 1, false).forThread(thread);
        }

        @Override
        public void close() {
            stores.forEach(PostgresMessageStore::close);
        }
    }
}
