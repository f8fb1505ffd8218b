package io.microlith.postgres;

import io.microlith.store.MessageWriter;
import io.microlith.store.StreamWrite;
import io.microlith.store.WriteResult;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Spreads writes over several stores, each with a connection of its own. */
final class RoundRobinWriter implements MessageWriter {
    private final List<? extends MessageWriter> writers;
    private final AtomicInteger next = new AtomicInteger();

    RoundRobinWriter(List<? extends MessageWriter> writers) {
        this.writers = List.copyOf(writers);
    }

    @Override
    public List<WriteResult> write(List<StreamWrite> writes) {
        return writers.get(Math.floorMod(next.getAndIncrement(), writers.size())).write(writes);
    }
}
