package io.microlith.bench.peers;

import io.microlith.bench.support.Operation;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Axon's side of the append benchmark: each write appends {@code batch} domain events to one aggregate's stream
 * through the storage engine, in one unit of work (for the JDBC engine: one transaction). Axon's caller chooses
 * sequence numbers, so each load thread owns its share of the 10,000 streams and counts their sequences (Microlith's
 * side writes to 10,000 streams shared by all threads, with no expected version, and the store numbers them).
 * The event is the same 60-byte body and a correlation id in the metadata.
 */
final class AxonAppends {
    /** The body Microlith's side writes as JSON: {@code {"amount":1234,"currency":"EUR","note":"benchmark deposit"}}. */
    public record Deposited(int amount, String currency, String note) {
    }

    private static final int STREAMS = 10_000;
    private static final Deposited BODY = new Deposited(1234, "EUR", "benchmark deposit");

    private AxonAppends() {
    }

    static Operation.Factory appends(EventStorageEngine engine, int threads, int batch, boolean inUnitOfWork) {
        int perThread = Math.max(1, STREAMS / threads);
        return thread -> {
            String[] ids = new String[perThread];
            long[] next = new long[perThread];
            for (int i = 0; i < perThread; i++) {
                ids[i] = "account-" + thread + "-" + i;
            }
            return () -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                int stream = random.nextInt(perThread);
                MetaData metaData = MetaData.with("correlationId", new UUID(random.nextLong(), random.nextLong()).toString());
                List<DomainEventMessage<?>> events = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    events.add(new GenericDomainEventMessage<>("Account", ids[stream], next[stream]++, BODY, metaData));
                }
                if (inUnitOfWork) {
                    DefaultUnitOfWork.startAndGet(null).execute(() -> engine.appendEvents(events));
                } else {
                    engine.appendEvents(events);
                }
                return batch;
            };
        };
    }
}
