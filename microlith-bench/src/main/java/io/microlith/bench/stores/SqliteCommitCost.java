package io.microlith.bench.stores;

import io.microlith.bench.support.Driver;
import io.microlith.bench.support.Machine;
import io.microlith.bench.support.Options;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What one single-message SQLite commit costs, below the store: one thread runs {@code BEGIN IMMEDIATE}, the store's
 * {@code INSERT} of one message row and {@code COMMIT}, over and over, on the store's own schema (its resource
 * scripts) and pragmas (WAL, {@code synchronous = NORMAL}), then on the same table with one index fewer at a time and
 * with none. No hand-off, no Java message objects: the floor of the embedded store's one-writer appends, and how
 * much each index (each page a commit dirties, written to the WAL as a frame) adds to it. Write system calls per
 * commit come from {@code /proc/self/io} (Linux).
 *
 * <p>Options: {@code --commits=40000} measured per variant (after a fifth as many unmeasured), {@code --dir=},
 * {@code --page-size=4096} (SQLite's default, the store's; set on each new file before its tables).
 */
public final class SqliteCommitCost implements Driver {
    private static final String INSERT = "INSERT INTO messages (global_position, position, time, stream_name,"
            + " category, cardinal_hash, type, data, metadata, correlation, id) VALUES (?,?,?,?,?,?,?,?,?,?,?)";
    private static final List<String> INDEXES = List.of("messages_id", "messages_stream", "messages_category");

    @Override
    public String description() {
        return "The cost of one single-message SQLite commit on the store's schema, and without each index";
    }

    @Override
    public void run(Options options) throws Exception {
        int commits = options.integer("commits", 40_000);
        Path dir = Path.of(options.string("dir", System.getProperty("java.io.tmpdir")));
        pageSize = options.integer("page-size", 4096);
        options.requireAllUsed();
        System.out.println(Machine.describe(dir));
        System.out.println("Page size: " + pageSize + " bytes\n");
        System.out.println("| schema | commits/s | µs per commit | write calls per commit |");
        System.out.println("| --- | ---: | ---: | ---: |");
        measure(dir, "the store's (3 indexes)", INDEXES, commits);
        for (String left : INDEXES) {
            measure(dir, "without " + left, INDEXES.stream().filter(i -> !i.equals(left)).toList(), commits);
        }
        measure(dir, "the table alone", List.of(), commits);
    }

    private static int pageSize = 4096;

    private static void measure(Path dir, String label, List<String> indexes, int commits) throws Exception {
        Path file = dir.resolve("commit-cost-" + UUID.randomUUID() + ".db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA page_size = " + pageSize);
                statement.execute("PRAGMA journal_mode = WAL");
                statement.execute("PRAGMA synchronous = NORMAL");
                statement.execute("PRAGMA cache_size = -65536");
                statement.execute("PRAGMA wal_autocheckpoint = 100000");
                statement.execute(script("messages.sql"));
                for (String index : indexes) {
                    statement.execute(script(index + ".sql"));
                }
            }
            try (PreparedStatement begin = connection.prepareStatement("BEGIN IMMEDIATE");
                 PreparedStatement commit = connection.prepareStatement("COMMIT");
                 PreparedStatement insert = connection.prepareStatement(INSERT)) {
                long[] positions = new long[Workload.STREAMS];
                int warmup = commits / 5;
                long start = 0;
                long writesAtStart = 0;
                for (int i = 0; i < warmup + commits; i++) {
                    if (i == warmup) {
                        writesAtStart = writeCalls();
                        start = System.nanoTime();
                    }
                    int stream = ThreadLocalRandom.current().nextInt(Workload.STREAMS);
                    begin.executeUpdate();
                    bind(insert, i + 1, positions[stream]++, stream);
                    insert.executeUpdate();
                    commit.executeUpdate();
                }
                long nanos = System.nanoTime() - start;
                long writes = writesAtStart < 0 ? -1 : writeCalls() - writesAtStart;
                System.out.printf(Locale.ROOT, "| %s | %,.0f | %.1f | %s |%n", label, commits / (nanos / 1e9),
                        nanos / 1e3 / commits, writes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", (double) writes / commits));
            }
        } finally {
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
        }
    }

    /** The store's row for one message: a 60-byte body, a correlation id in the metadata, a time-ordered id. */
    private static void bind(PreparedStatement insert, long globalPosition, long position, int stream) throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        UUID id = Workload.Ids.V7.next(random);
        byte[] bytes = new byte[16];
        for (int b = 0; b < 8; b++) {
            bytes[b] = (byte) (id.getMostSignificantBits() >>> (56 - 8 * b));
            bytes[8 + b] = (byte) (id.getLeastSignificantBits() >>> (56 - 8 * b));
        }
        insert.setLong(1, globalPosition);
        insert.setLong(2, position);
        insert.setLong(3, System.currentTimeMillis() * 1000);
        insert.setString(4, Workload.CATEGORY + "-" + stream);
        insert.setString(5, Workload.CATEGORY);
        insert.setLong(6, random.nextLong());
        insert.setString(7, "Deposited");
        insert.setString(8, Workload.DATA);
        insert.setString(9, "{\"correlationId\":\"" + Workload.Ids.V4.next(random) + "\"}");
        insert.setNull(10, Types.VARCHAR);
        insert.setBytes(11, bytes);
    }

    private static String script(String name) throws IOException {
        String resource = "io/microlith/sqlite/schema/1/" + name;
        try (InputStream in = SqliteCommitCost.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + resource + " (microlith-sqlite's schema scripts)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The process's write system calls so far ({@code syscw} of {@code /proc/self/io}); -1 where there is none. */
    private static long writeCalls() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("syscw:")) {
                    return Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
