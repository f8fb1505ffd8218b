package io.microlith.sqlite;

import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.WriteResult;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link CrashSafetyTest}: appends from several threads until it is killed, and
 * prints one line per acknowledged message, only after {@code write} returned:
 * {@code ack <globalPosition> <thread> <sequence> <position> <id> .} (the final dot marks a whole line).
 * Thread {@code t} owns stream {@code crash-t} and writes with the exact expected version; every fifth
 * write carries three messages. Message {@code n} of thread {@code t} has data {@code {"t":t,"n":n}}.
 */
public final class CrashingWriter {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Durability durability = Durability.parse(args[1]);
        int threads = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        SqliteMessageStore store = SqliteMessageStore.open(SqliteConfig.of(file).durability(durability));
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            writers.add(Thread.ofPlatform().start(() -> append(store, thread, out)));
        }
        out.println("started");
        for (Thread writer : writers) {
            writer.join();
        }
    }

    static String data(int thread, long sequence) {
        return "{\"t\":" + thread + ",\"n\":" + sequence + "}";
    }

    private static void append(SqliteMessageStore store, int thread, PrintStream out) {
        StreamName stream = StreamName.of("crash", Integer.toString(thread));
        long sequence = 0;
        for (int write = 0; ; write++) {
            int count = write % 5 == 4 ? 3 : 1;
            List<NewMessage> messages = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                messages.add(NewMessage.of("Appended", data(thread, sequence + i)));
            }
            WriteResult result = store.write(stream, messages, ExpectedVersion.exactly(sequence - 1));
            long firstGlobal = result.lastGlobalPosition() - count + 1;
            for (int i = 0; i < count; i++) {
                out.println("ack " + (firstGlobal + i) + " " + thread + " " + (sequence + i) + " "
                        + (result.firstPosition() + i) + " " + messages.get(i).id() + " .");
            }
            sequence += count;
        }
    }
}
