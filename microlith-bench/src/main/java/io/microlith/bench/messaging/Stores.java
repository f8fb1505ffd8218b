package io.microlith.bench.messaging;

import io.microlith.sqlite.SqliteMessageStore;
import io.microlith.store.MessageStore;
import io.microlith.store.memory.InMemoryMessageStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The stores the messaging benchmarks run on: {@code memory} or {@code sqlite} (a fresh file in a temp dir). */
final class Stores {
    private Stores() {
    }

    static MessageStore open(String kind) {
        return switch (kind) {
            case "memory" -> new InMemoryMessageStore();
            case "sqlite" -> {
                try {
                    Path dir = Files.createTempDirectory("microlith-bench");
                    yield SqliteMessageStore.open(dir.resolve("bench.db"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            default -> throw new IllegalArgumentException("Unknown store '" + kind + "': memory or sqlite");
        };
    }
}
