package io.microlith.sqlite;

import io.microlith.message.Message;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.ExpectedVersion;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Kills a process that is appending (SIGKILL, no shutdown hook, no close) and checks that every write it
 * acknowledged survived, unchanged, in a consistent file that takes new writes. This is what both
 * durability modes promise for a process crash; power loss is not simulated here.
 */
class CrashSafetyTest {
    private static final int THREADS = 4;

    @TempDir
    Path dir;

    record Ack(long globalPosition, int thread, long sequence, long position, UUID id) {
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void keeps_every_acknowledged_message_when_the_writing_process_is_killed(Durability durability) throws Exception {
        Path file = dir.resolve("crash.db");
        int killAfter = ThreadLocalRandom.current().nextInt(1_500, 4_000);
        List<Ack> acks = runAndKill(file, durability, killAfter);
        assertThat(acks).as("acknowledged before the kill").hasSizeGreaterThanOrEqualTo(killAfter);

        assertThat(integrityCheck(file)).isEqualTo("ok");
        try (SqliteMessageStore store = SqliteMessageStore.open(file)) {
            List<Message> all = readAll(store);
            assertThat(all).extracting(Message::globalPosition)
                    .as("global positions from 1 without gaps")
                    .containsExactlyElementsOf(range(1, all.size()));
            Map<Long, Message> byGlobalPosition = new HashMap<>();
            all.forEach(m -> byGlobalPosition.put(m.globalPosition(), m));
            for (Ack ack : acks) {
                Message stored = byGlobalPosition.get(ack.globalPosition());
                assertThat(stored).as("acknowledged message at global position %d", ack.globalPosition()).isNotNull();
                assertThat(stored.id()).isEqualTo(ack.id());
                assertThat(stored.streamName()).isEqualTo(StreamName.of("crash", Integer.toString(ack.thread())));
                assertThat(stored.position()).isEqualTo(ack.position()).isEqualTo(ack.sequence());
                assertThat(stored.data()).isEqualTo(CrashingWriter.data(ack.thread(), ack.sequence()));
            }
            for (int t = 0; t < THREADS; t++) {
                StreamName stream = StreamName.of("crash", Integer.toString(t));
                List<Message> messages = all.stream().filter(m -> m.streamName().equals(stream)).toList();
                assertThat(messages).extracting(Message::position).as("positions of %s", stream)
                        .containsExactlyElementsOf(range(0, messages.size() - 1));
            }

            long version = store.streamVersion(StreamName.of("crash", "0"));
            var result = store.write(StreamName.of("crash", "0"), NewMessage.of("AfterCrash", "{}"),
                    ExpectedVersion.exactly(version));
            assertThat(result.lastGlobalPosition()).isEqualTo(all.size() + 1L);
        }
    }

    private List<Ack> runAndKill(Path file, Durability durability, int killAfter) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                CrashingWriter.class.getName(), file.toString(), durability.name(), Integer.toString(THREADS))
                .start();
        StringBuilder errors = new StringBuilder();
        Thread errorReader = Thread.ofVirtual().start(() -> drain(child.getErrorStream(), errors));
        List<Ack> acks = new ArrayList<>();
        AtomicInteger complete = new AtomicInteger();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String line;
            while ((line = out.readLine()) != null) {
                Ack ack = parse(line);
                if (ack != null) {
                    acks.add(ack);
                    if (complete.incrementAndGet() == killAfter) {
                        // SIGKILL on Linux: no shutdown hook, no close(). Through the handle, unlike
                        // Process.destroyForcibly(), our end of the pipe stays open, so every line the
                        // child printed before dying is still read.
                        child.toHandle().destroyForcibly();
                    }
                }
                if (System.nanoTime() > deadline) {
                    child.toHandle().destroyForcibly();
                    fail("The child did not acknowledge " + killAfter + " messages in 60 s; stderr:\n" + errors);
                }
            }
        } finally {
            child.destroyForcibly();
            child.waitFor();
            errorReader.join();
        }
        if (acks.size() < killAfter) {
            fail("The child stopped after " + acks.size() + " acknowledgements; exit " + child.exitValue()
                    + ", stderr:\n" + errors);
        }
        assertThat(child.exitValue()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
        return acks;
    }

    /** A whole acknowledgement line, or null for anything else (e.g. a line cut by the kill). */
    private static Ack parse(String line) {
        String[] f = line.split(" ");
        if (f.length != 7 || !f[0].equals("ack") || !f[6].equals(".")) {
            return null;
        }
        return new Ack(Long.parseLong(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                UUID.fromString(f[5]));
    }

    private static void drain(InputStream in, StringBuilder into) {
        try {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            synchronized (into) {
                into.append(text);
            }
        } catch (java.io.IOException ignored) {
            // The child is gone.
        }
    }

    private static String integrityCheck(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            StringBuilder result = new StringBuilder();
            while (rs.next()) {
                result.append(result.isEmpty() ? "" : "\n").append(rs.getString(1));
            }
            return result.toString();
        }
    }

    private static List<Message> readAll(SqliteMessageStore store) {
        List<Message> all = new ArrayList<>();
        long from = 1;
        List<Message> batch;
        while (!(batch = store.readAll(from, 1000)).isEmpty()) {
            all.addAll(batch);
            from = batch.get(batch.size() - 1).globalPosition() + 1;
        }
        return all;
    }

    private static List<Long> range(long from, long toInclusive) {
        List<Long> values = new ArrayList<>();
        for (long v = from; v <= toInclusive; v++) {
            values.add(v);
        }
        return values;
    }
}
