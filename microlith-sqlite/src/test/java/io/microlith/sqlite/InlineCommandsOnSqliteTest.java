package io.microlith.sqlite;

import io.microlith.Microlith;
import io.microlith.component.Decider;
import io.microlith.message.Message;
import io.microlith.message.StreamName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Commands handled inline (decision 0074) on the SQLite store: one atomic write per command, under concurrent senders. */
class InlineCommandsOnSqliteTest {

    record Increment(String counterId) {
    }

    record Incremented(String counterId, long value) {
    }

    record Counter(long value) {
    }

    @TempDir
    Path dir;

    @Test
    void eight_concurrent_senders_get_their_outcomes_from_one_write_each_and_the_consumer_decides_nothing() throws Exception {
        AtomicInteger decisions = new AtomicInteger();
        try (SqliteMessageStore store = SqliteMessageStore.open(dir.resolve("inline.db"));
             Microlith microlith = Microlith.create(config -> config
                     .store(store)
                     .route(Increment.class, "counter:command", Increment::counterId)
                     .route(Incremented.class, "counter", Incremented::counterId))) {
            microlith.component(Decider.of(new Counter(0), (Increment increment, Counter counter) -> {
                        decisions.incrementAndGet();
                        return List.of(new Incremented(increment.counterId(), counter.value() + 1));
                    }, (Counter counter, Incremented event) -> new Counter(event.value())))
                    .commands(Increment.class, Increment::counterId)
                    .entities("counter", Incremented.class)
                    .inline()
                    .subscribe();
            microlith.start();

            List<Future<List<Long>>> clients = new ArrayList<>();
            try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < 8; c++) {
                    String counter = Integer.toString(c);
                    clients.add(executor.submit(() -> {
                        List<Long> values = new ArrayList<>();
                        for (int i = 0; i < 50; i++) {
                            values.add(microlith.commandBus().request(new Increment(counter), Incremented.class,
                                    Duration.ofSeconds(30)).value());
                        }
                        return values;
                    }));
                }
            }
            for (Future<List<Long>> client : clients) {
                assertThat(client.get()).containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
            }
            microlith.awaitIdle(Duration.ofSeconds(30));

            for (int c = 0; c < 8; c++) {
                assertThat(store.readStream(StreamName.of("counter", Integer.toString(c)), 0, 1000)).hasSize(50);
            }
            List<Message> commands = store.readCategory("counter:command", 1, 1000);
            assertThat(commands).hasSize(400).allSatisfy(command -> assertThat(command.metadata().handledInline()).isTrue());
            assertThat(microlith.consumers()).filteredOn(c -> c.category().equals("counter:command")).singleElement()
                    .satisfies(consumer -> assertThat(consumer.position()).isEqualTo(commands.getLast().globalPosition()));
            assertThat(decisions).as("decided once each, inline; the consumer only acknowledged").hasValue(400);
        }
    }
}
