package io.microlith.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.MessageStore;
import io.microlith.store.MessageStores;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** The inspecting commands on a PostgreSQL store, and tail --follow beside a writer. */
class PostgresStoreCommandsIT extends StoreCommandsTests {
    private static String store;
    private static SampleStore sample;

    @BeforeAll
    static void fill() {
        store = PostgresServer.newDatabase("inspect");
        sample = SampleStore.fill(store);
    }

    @Override
    protected Cli.Result cli(String... args) {
        return Cli.inProcess(args);
    }

    @Override
    protected String store() {
        return store;
    }

    @Override
    protected SampleStore sample() {
        return sample;
    }

    @Test
    void the_jar_reads_a_postgresql_store() {
        assertThat(Cli.run("info", store, "--json").ok().json().path("head").asLong()).isEqualTo(sample.head());
        assertThat(Cli.run("correlation", store, sample.correlationId()).ok().out()).contains("└ Opened");
        assertThat(Cli.run("parked", store, "--json").ok().json()).singleElement()
                .satisfies(p -> assertThat(p.path("messageId").asText()).isEqualTo(sample.poisonId().toString()));
        Cli.run("read", store, "account-99").failsWith(Main.FAILED, "Stream account-99 has no messages");
    }

    @Test
    void tail_follow_prints_messages_written_while_it_runs() throws Exception {
        Process tail = Cli.start("tail", store, "account", "--last", "0", "--follow", "--poll", "50", "--json");
        BufferedReader lines = new BufferedReader(new InputStreamReader(tail.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return lines.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        List<String> written = new ArrayList<>();
        try (MessageStore writer = MessageStores.open(store)) {
            // The follower starts from the head it finds when it is up: write until it has printed one of them.
            for (int i = 0; i < 100 && !first.isDone(); i++) {
                NewMessage message = NewMessage.of("Followed", "{\"i\":" + i + "}");
                writer.write(StreamName.of("account-9"), message);
                written.add(message.id().toString());
                try {
                    first.get(300, TimeUnit.MILLISECONDS);
                } catch (TimeoutException notYet) {
                    // write another
                }
            }
            String line = first.getNow(null);

            assertThat(line).as("tail's first line").isNotNull();
            JsonNode printed = StoreCommandsTests.parse(line);
            assertThat(printed.path("type").asText()).isEqualTo("Followed");
            assertThat(written).contains(printed.path("id").asText());
        } finally {
            tail.destroyForcibly().waitFor();
        }
    }
}
