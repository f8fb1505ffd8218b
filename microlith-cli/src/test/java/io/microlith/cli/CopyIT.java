package io.microlith.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.microlith.message.Message;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.MessageStore;
import io.microlith.store.MessageStores;
import io.microlith.store.copy.MessageChecksum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code copy}: SQLite into PostgreSQL and SQLite, interrupted and resumed, and refused. */
class CopyIT {
    @TempDir
    Path dir;

    @Test
    void copies_a_sqlite_store_into_postgresql_as_it_is_verifies_it_and_the_copy_reads_back() {
        String source = "sqlite:" + dir.resolve("source.db");
        SampleStore sample = SampleStore.fill(source);
        String target = PostgresServer.newDatabase("copy");

        JsonNode copied = Cli.run("copy", source, target, "--json").ok().json();

        assertThat(copied.path("verified").asBoolean()).isTrue();
        assertThat(copied.path("until").asLong()).isEqualTo(sample.head());
        assertThat(copied.path("copied").asLong()).isEqualTo(copied.path("sourceMessages").asLong()).isEqualTo(sample.head());
        assertThat(copied.path("targetChecksum").asText()).isEqualTo(copied.path("sourceChecksum").asText());
        assertThat(canonical(target)).isEqualTo(canonical(source));
        assertThat(Cli.run("parked", target, "--json").ok().json()).singleElement()
                .satisfies(p -> assertThat(p.path("messageId").asText()).isEqualTo(sample.poisonId().toString()));
        // running it again finds everything there, copies nothing and verifies again
        JsonNode again = Cli.run("copy", source, target, "--json").ok().json();
        assertThat(again.path("resumedAfter").asLong()).isEqualTo(sample.head());
        assertThat(again.path("copied").asLong()).isZero();
        assertThat(again.path("verified").asBoolean()).isTrue();
    }

    @Test
    void an_interrupted_copy_resumes_after_the_targets_last_message_and_ends_verified() throws Exception {
        String source = "sqlite:" + dir.resolve("big.db");
        long head = fill(source, 20_000);
        String target = PostgresServer.newDatabase("resumed");

        Process copy = Cli.start("copy", source, target, "--batch-size", "20", "--progress", "lines");
        try (BufferedReader progress = new BufferedReader(new InputStreamReader(copy.getErrorStream(), StandardCharsets.UTF_8))) {
            String line = progress.readLine();
            assertThat(line).as("the first progress line").startsWith("copying");
        } finally {
            copy.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no clean close
        }
        long interruptedAt;
        try (MessageStore partial = MessageStores.open(target)) {
            interruptedAt = partial.headGlobalPosition();
        }
        assertThat(interruptedAt).as("the copy was interrupted midway").isBetween(1L, head - 1);

        Cli.Result resumed = Cli.run("copy", source, target).ok();

        assertThat(resumed.out()).contains("Resumed after global position " + interruptedAt)
                .contains("Copied " + (head - interruptedAt) + " messages").contains("Verified");
        assertThat(canonical(target)).isEqualTo(canonical(source));
    }

    @Test
    void refuses_a_target_that_holds_other_messages_and_leaves_it_as_it_was() {
        String source = "sqlite:" + dir.resolve("source.db");
        SampleStore.fill(source);
        String target = PostgresServer.newDatabase("foreign");
        try (MessageStore foreign = MessageStores.open(target)) {
            foreign.write(StreamName.of("other-1"), NewMessage.of("Unrelated", "{}"));
        }

        Cli.run("copy", source, target).failsWith(Main.FAILED, "is not empty and is not a copy of the source");

        try (MessageStore foreign = MessageStores.open(target)) {
            assertThat(foreign.headGlobalPosition()).isEqualTo(1);
        }
    }

    @Test
    void copies_into_a_new_sqlite_file_and_refuses_to_copy_a_store_into_itself() {
        String source = "sqlite:" + dir.resolve("source.db");
        SampleStore.fill(source);
        String target = "sqlite:" + dir.resolve("nested/target.db");

        assertThat(Cli.run("copy", source, target, "--progress", "none").ok().out()).contains("Verified");
        assertThat(canonical(target)).isEqualTo(canonical(source));
        Cli.inProcess("copy", source, source).failsWith(Main.USAGE, "FROM and TO are the same store");
        Cli.inProcess("copy", "sqlite:" + dir.resolve("none.db"), target).failsWith(Main.FAILED, "No SQLite store at");
        Cli.inProcess("copy", source, target, "--progress", "fancy").failsWith(Main.USAGE, "--progress must be");
    }

    /** Writes {@code count} messages over many streams in large batches; returns the head. */
    private static long fill(String setting, int count) {
        try (MessageStore store = MessageStores.open(setting)) {
            for (int batch = 0; batch < count / 500; batch++) {
                List<NewMessage> messages = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    messages.add(NewMessage.of("Filled", "{\"batch\":" + batch + ",\"i\":" + i + "}"));
                }
                store.write(StreamName.of("filled", String.valueOf(batch % 37)), messages, ExpectedVersion.any());
            }
            return store.headGlobalPosition();
        }
    }

    /** Every message of a store as canonical text, in global order. */
    static List<String> canonical(String setting) {
        List<String> all = new ArrayList<>();
        try (MessageStore store = MessageStores.open(setting)) {
            long next = 1;
            List<Message> batch;
            while (!(batch = store.readAll(next, 1000)).isEmpty()) {
                batch.forEach(m -> all.add(MessageChecksum.canonical(m)));
                next = batch.getLast().globalPosition() + 1;
            }
        }
        return all;
    }
}
