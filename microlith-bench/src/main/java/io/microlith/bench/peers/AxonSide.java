package io.microlith.bench.peers;

import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.h2.jdbcx.JdbcConnectionPool;

import java.nio.file.Path;

/**
 * Axon Framework 4.13, wired without Spring as its reference guide shows ({@code DefaultConfigurer}), with one of
 * two storage engines: {@code memory} (Axon's {@code InMemoryEventStorageEngine}) or {@code embedded} (Axon's
 * {@code JdbcEventStorageEngine} on an H2 file database, H2's defaults: commits go to the file's page cache, not
 * forced to disk). Events are serialised with Axon's Jackson serializer (JSON, as Microlith stores them).
 */
final class AxonSide implements AutoCloseable {
    static {
        // The update checker phones home at start; a benchmark must not.
        System.setProperty("axoniq.update-checker.disabled", "true");
    }

    private final Configuration configuration;
    private final EventStorageEngine engine;
    private final JdbcConnectionPool pool;

    private AxonSide(Configuration configuration, EventStorageEngine engine, JdbcConnectionPool pool) {
        this.configuration = configuration;
        this.engine = engine;
        this.pool = pool;
    }

    /**
     * @param cached   whether the counter repository keeps aggregates in a cache (as Microlith's entity cache does)
     * @param counters how many counters to create, {@code "0"} to {@code counters - 1}
     */
    static AxonSide start(String storage, Path dir, boolean cached, int counters) {
        JdbcConnectionPool pool = null;
        EventStorageEngine engine;
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        switch (storage) {
            case "memory" -> engine = new InMemoryEventStorageEngine();
            case "embedded" -> {
                pool = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("axon-" + System.nanoTime()).toAbsolutePath(),
                        "sa", "");
                pool.setMaxConnections(32);
                JdbcEventStorageEngine jdbc = JdbcEventStorageEngine.builder()
                        .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(new DataSourceConnectionProvider(pool)))
                        .transactionManager(NoTransactionManager.INSTANCE)
                        .eventSerializer(serializer)
                        .snapshotSerializer(serializer)
                        .build();
                jdbc.createSchema(H2EventTableFactory.INSTANCE);
                engine = jdbc;
            }
            default -> throw new IllegalArgumentException("Unknown Axon storage '" + storage + "': memory or embedded");
        }
        AggregateConfigurer<AxonCounter> counter = AggregateConfigurer.defaultConfiguration(AxonCounter.class);
        if (cached) {
            counter.configureCache(c -> new StrongCache());
        }
        EventStorageEngine chosen = engine;
        Configuration configuration = DefaultConfigurer.defaultConfiguration(false)
                .configureSerializer(c -> serializer)
                .configureEmbeddedEventStore(c -> chosen)
                .configureAggregate(counter)
                .buildConfiguration();
        configuration.start();
        for (int i = 0; i < counters; i++) {
            configuration.commandGateway().sendAndWait(new AxonCounter.Create(Integer.toString(i)));
        }
        return new AxonSide(configuration, engine, pool);
    }

    /** One command round trip: send, the handler loads the counter and stores an event, the caller gets the value. */
    long increment(String counterId) {
        return configuration.commandGateway().sendAndWait(new AxonCounter.Increment(counterId));
    }

    EventStorageEngine engine() {
        return engine;
    }

    @Override
    public void close() {
        configuration.shutdown();
        if (pool != null) {
            pool.dispose();
        }
    }
}
