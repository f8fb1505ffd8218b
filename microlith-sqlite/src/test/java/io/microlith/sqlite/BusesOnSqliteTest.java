package io.microlith.sqlite;

import io.microlith.Microlith;
import io.microlith.bus.Envelope;
import io.microlith.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The buses on the SQLite store, whose commits now reach the correlation index straight from the writer
 * (onCommittedMessages) instead of through the store follower's reads.
 */
class BusesOnSqliteTest {

    record Greet(String name) {
    }

    record Greeted(String name, String greeting) {
    }

    @TempDir
    Path dir;

    @Test
    void completes_every_correlated_wait_of_eight_concurrent_clients() throws Exception {
        try (SqliteMessageStore store = SqliteMessageStore.open(dir.resolve("buses.db"));
             Microlith microlith = Microlith.create(config -> config
                     .store(store)
                     .route(Greet.class, "greeter:command", Greet::name)
                     .route(Greeted.class, "greeter", Greeted::name))) {
            microlith.commandBus().subscribe(Greet.class, (greet, message) -> microlith.eventBus()
                    .dispatch(Envelope.follows(message, new Greeted(greet.name(), "hello " + greet.name()))));
            microlith.start();

            List<Future<List<String>>> clients = new ArrayList<>();
            try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < 8; c++) {
                    int client = c;
                    clients.add(executor.submit(() -> {
                        List<String> greetings = new ArrayList<>();
                        for (int i = 0; i < 50; i++) {
                            var greet = Envelope.correlated(new Greet(client + "-" + i));
                            microlith.commandBus().dispatch(greet);
                            greetings.add(microlith.eventBus()
                                    .waitFor(greet.correlationId(), Greeted.class, Duration.ofSeconds(30)).greeting());
                        }
                        return greetings;
                    }));
                }
            }

            for (int c = 0; c < 8; c++) {
                int client = c;
                assertThat(clients.get(c).get()).containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, 50).mapToObj(i -> "hello " + client + "-" + i).toList());
            }
            assertThat(store.readCategory("greeter", 1, 1000)).extracting(Message::type).hasSize(400).containsOnly("Greeted");
        }
    }
}
