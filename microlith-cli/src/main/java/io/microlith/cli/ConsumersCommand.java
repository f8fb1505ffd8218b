package io.microlith.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.microlith.consumer.ConsumerLag;
import io.microlith.consumer.StoredConsumer;
import io.microlith.store.MessageStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code consumers STORE}: every consumer the store knows, with its position and lag. */
@Command(name = "consumers", mixinStandardHelpOptions = true,
        description = {"List the consumers that keep their position in the store (whichever process runs them): the"
                + " category each reads, its saved position, the store's head, at most how many messages wait for it,"
                + " how old the oldest waiting one is, and how many messages it has parked."})
final class ConsumersCommand implements Callable<Integer> {
    @Mixin
    Output output;

    @Parameters(index = "0", paramLabel = "STORE", description = "The store.")
    String store;

    @Override
    public Integer call() {
        try (MessageStore opened = Stores.existing(store)) {
            List<StoredConsumer> consumers = StoredConsumer.find(Stores.browser(opened, store));
            Instant now = Instant.now();
            ArrayNode json = Output.array();
            output.text(String.format("%-30s %-30s %10s %10s %10s %10s %7s", "CATEGORY", "CONSUMER", "POSITION", "HEAD",
                    "PENDING", "WAITING", "PARKED"));
            for (StoredConsumer consumer : consumers) {
                ConsumerLag lag = consumer.lag(opened);
                int parked = consumer.parked(opened).size();
                json.addObject().put("category", consumer.category()).put("consumer", consumer.name())
                        .put("position", lag.position()).put("head", lag.head()).put("pendingAtMost", lag.pendingAtMost())
                        .put("oldestPendingAgeMs", lag.age(now).toMillis()).put("parked", parked);
                output.text(String.format("%-30s %-30s %10d %10d %10d %9ds %7d", consumer.category(), consumer.name(),
                        lag.position(), lag.head(), lag.pendingAtMost(), lag.age(now).toSeconds(), parked));
            }
            if (consumers.isEmpty()) {
                output.text("(no consumer has saved a position in this store)");
            }
            output.document(json);
            return Main.OK;
        }
    }
}
