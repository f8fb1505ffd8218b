package io.microlith.jdbc;

import io.microlith.Managed;
import io.microlith.Microlith;
import io.microlith.consumer.Consumer;
import io.microlith.consumer.BrokerTransport;
import io.microlith.consumer.ConsumerListener;
import io.microlith.consumer.ConsumerStatus;
import io.microlith.message.MessageTypes;
import io.microlith.store.MessageStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;

/**
 * Keeps a view (read model) in a JDBC database from the events of one category, with exactly-once effect:
 * each batch of events and the aggregator's position commit in one transaction of the view database, so a
 * crash in the middle of a batch leaves neither the view changes nor the position, and the batch is applied
 * again, once, after restart.
 *
 * <pre>{@code
 * Aggregator homePage = Aggregator.builder(microlith, "viewing", "home-page", () -> DriverManager.getConnection(url))
 *         .schema("CREATE TABLE IF NOT EXISTS pages (name TEXT PRIMARY KEY, videos_watched BIGINT NOT NULL)",
 *                 "INSERT INTO pages VALUES ('home', 0) ON CONFLICT DO NOTHING")
 *         .reset("UPDATE pages SET videos_watched = 0")
 *         .on(VideoViewed.class, (viewed, view) ->
 *                 view.update("UPDATE pages SET videos_watched = videos_watched + 1 WHERE name = 'home'"))
 *         .build();
 * microlith.register(homePage);   // started and stopped with the Microlith, counted by awaitIdle
 * }</pre>
 *
 * <p>Without a Microlith, build it on a store ({@link #builder(MessageStore, String, String, ConnectionSource)})
 * and call {@link #start()} and {@link #stop()} yourself.
 *
 * <p>Handlers run on the aggregator's consumer thread inside the open transaction ({@link ViewTransaction});
 * they must not commit. A failing handler rolls its batch back; the batch is then applied one event per
 * transaction so that only the failing event is retried and, at last, parked (see
 * {@link io.microlith.consumer.Consumer}). {@link #rebuild} empties the view and applies every event again.
 */
public final class Aggregator implements Managed, AutoCloseable {
    private final String view;
    private final Consumer.Builder consumerBuilder;
    private final JdbcPositionStore positions;
    private final List<String> schema;
    private final List<String> reset;
    private Consumer consumer;
    /** How often {@link #stop()} was called: a rebuild that sees it change stops instead of starting again. */
    private long stops;

    private Aggregator(Builder b) {
        this.view = b.view;
        this.positions = new JdbcPositionStore(b.connections, b.view);
        this.consumerBuilder = b.consumer.positionStore(positions);
        this.schema = List.copyOf(b.schema);
        this.reset = List.copyOf(b.reset);
        for (Registration registration : b.handlers) {
            registration.addTo(consumerBuilder, positions);
        }
    }

    /**
     * Starts an aggregator of {@code category} into the view named {@code view} (also its consumer's name,
     * and its key in {@code microlith_view_positions}), with {@code microlith}'s store, types and consumer
     * defaults; hand the result to {@link Microlith#register(Managed)}.
     */
    public static Builder builder(Microlith microlith, String category, String view, ConnectionSource connections) {
        return new Builder(microlith.consumerBuilder(category, view), view, connections);
    }

    /**
     * Starts an aggregator of {@code category} into the view named {@code view} (also its consumer's name,
     * and its key in {@code microlith_view_positions}) on {@code store}, with the consumer's defaults.
     */
    public static Builder builder(MessageStore store, String category, String view, ConnectionSource connections) {
        return new Builder(Consumer.builder(store, category, view), view, connections);
    }

    /**
     * Starts an aggregator whose consumer is configured by {@code consumer} (name, category, types and the
     * defaults, e.g. from {@code microlith.consumerBuilder(category, view)}).
     */
    public static Builder builder(Consumer.Builder consumer, String view, ConnectionSource connections) {
        return new Builder(consumer, view, connections);
    }

    public String view() {
        return view;
    }

    /**
     * Runs the schema statements, then starts applying events from the saved position.
     *
     * @throws IllegalStateException when it is already running
     * @throws ViewException         when a schema statement fails
     */
    @Override
    public synchronized Aggregator start() {
        if (consumer != null && consumer.status().state() == ConsumerStatus.State.RUNNING) {
            throw new IllegalStateException("Aggregator " + view + " is already started");
        }
        execute(schema, "create the schema of");
        consumer = consumerBuilder.build().start();
        return this;
    }

    /** The running consumer, or {@code null} before start. */
    public synchronized Consumer consumer() {
        return consumer;
    }

    /** The running consumer, or none before start (and during the reset of a rebuild). */
    @Override
    public synchronized List<Consumer> consumers() {
        return consumer == null ? List.of() : List.of(consumer);
    }

    /** Stops applying events (the current batch commits or rolls back whole) and closes the connection. */
    @Override
    public synchronized void stop() {
        stops++;
        if (consumer != null) {
            consumer.stop();
        }
        positions.close();
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Rebuilds the view from the start of the store: stops the aggregator, runs the reset statements and sets
     * the position to 0 in one transaction, then applies every event again, reporting progress after each
     * batch, and returns once it has caught up with the store; the aggregator then goes on running. The readers of
     * the view see it empty, then filling up, meanwhile: {@link BlueGreenView} rebuilds a copy instead. With a broker
     * transport the rebuild reads the store too, and the aggregator goes on reading the store until it is started
     * again (then the broker delivers what it kept meanwhile; the views' position guards drop what was applied). A listener the
     * aggregator's consumer was built with goes on hearing every batch.
     *
     * @param progress hears each report, on the aggregator's thread
     * @return the last report
     * @throws IllegalStateException when the aggregator stopped (or crashed) before it caught up
     * @throws ViewException         when the schema or reset statements fail
     */
    public RebuildProgress rebuild(java.util.function.Consumer<RebuildProgress> progress) {
        Objects.requireNonNull(progress, "progress");
        long start = System.nanoTime();
        long stopsBefore;
        synchronized (this) {
            stopsBefore = stops;
            if (consumer != null) {
                consumer.stop();
                consumer = null;
            }
            execute(schema, "create the schema of");
            resetView();
        }
        long target = consumerBuilder.store().headGlobalPosition();
        CompletableFuture<RebuildProgress> done = new CompletableFuture<>();
        long[] messages = {0};
        ConsumerListener kept = consumerBuilder.listener();
        ConsumerListener listener = new ConsumerListener() {
            @Override
            public void batchProcessed(long position, int count) {
                kept.batchProcessed(position, count);
                if (!done.isDone()) { // after the rebuild the aggregator goes on running: report no more
                    messages[0] += count;
                    progress.accept(new RebuildProgress(view, position, target, messages[0],
                            Duration.ofNanos(System.nanoTime() - start), false));
                }
            }

            @Override
            public void stopped(ConsumerStatus.State state) {
                kept.stopped(state);
                done.completeExceptionally(new IllegalStateException("The rebuild of view " + view
                        + " stopped before it caught up (" + state + "); see the log"));
            }

            @Override
            public void caughtUp(long position) {
                kept.caughtUp(position);
                if (!done.isDone()) {
                    RebuildProgress last = new RebuildProgress(view, position, target, messages[0],
                            Duration.ofNanos(System.nanoTime() - start), true);
                    progress.accept(last);
                    done.complete(last);
                }
            }
        };
        synchronized (this) {
            if (stops != stopsBefore) {
                throw new IllegalStateException("The rebuild of view " + view + " stopped before it caught up: the"
                        + " aggregator was stopped while its view was being reset");
            }
            // the aggregator's own listener (live updates, say) goes on hearing every batch; a later start gets it alone
            // a rebuild reads the store from its start, broker or not: a broker delivers only what it relays from now
            // on. The rebuilt view then goes on reading the store until the aggregator is started again.
            BrokerTransport transport = consumerBuilder.transport();
            consumer = consumerBuilder.listener(listener).transport(null).build().start();
            consumerBuilder.listener(kept).transport(transport);
        }
        try {
            return done.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }

    private void resetView() {
        try {
            Connection c = positions.connection();
            try {
                try (Statement statement = c.createStatement()) {
                    for (String sql : reset) {
                        statement.execute(sql);
                    }
                }
                positions.write(0);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new ViewException("Could not reset view " + view, e);
        }
    }

    private void execute(List<String> statements, String what) {
        if (statements.isEmpty()) {
            return;
        }
        try {
            Connection c = positions.connection();
            try (Statement statement = c.createStatement()) {
                for (String sql : statements) {
                    statement.execute(sql);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new ViewException("Could not " + what + " view " + view, e);
        }
    }

    /** A handler waiting for the consumer builder. */
    private interface Registration {
        void addTo(Consumer.Builder consumer, JdbcPositionStore positions);
    }

    /** Configures an {@link Aggregator}. */
    public static final class Builder {
        private final Consumer.Builder consumer;
        private final String view;
        private final ConnectionSource connections;
        private final List<Registration> handlers = new ArrayList<>();
        private final List<String> schema = new ArrayList<>();
        private final List<String> reset = new ArrayList<>();

        private Builder(Consumer.Builder consumer, String view, ConnectionSource connections) {
            this.consumer = Objects.requireNonNull(consumer, "consumer");
            this.view = Objects.requireNonNull(view, "view");
            this.connections = Objects.requireNonNull(connections, "connections");
        }

        /** The registry that decodes events; set it before adding handlers. */
        public Builder types(MessageTypes types) {
            consumer.types(types);
            return this;
        }

        /** Changes the consumer's settings (batch size, retry policy, group...). */
        public Builder consumer(UnaryOperator<Consumer.Builder> configure) {
            configure.apply(consumer);
            return this;
        }

        /** Statements run (in one transaction) on start and before a rebuild, e.g. {@code CREATE TABLE IF NOT EXISTS}. */
        public Builder schema(String... statements) {
            schema.addAll(List.of(statements));
            return this;
        }

        /** Statements that empty the view before a rebuild, run in the transaction that sets the position to 0. */
        public Builder reset(String... statements) {
            reset.addAll(List.of(statements));
            return this;
        }

        /** Applies events of the record's type to the view. */
        public <T extends Record> Builder on(Class<T> type, ViewHandler<? super T> handler) {
            Objects.requireNonNull(handler, "handler");
            handlers.add((c, positions) -> c.handle(type, body -> handler.apply(body, positions.transaction())));
            return this;
        }

        /** Applies events of the record's type to the view, with the stored message. */
        public <T extends Record> Builder on(Class<T> type, ViewMessageHandler<? super T> handler) {
            Objects.requireNonNull(handler, "handler");
            handlers.add((c, positions) -> c.handle(type,
                    (body, message) -> handler.apply(body, message, positions.transaction())));
            return this;
        }

        public Aggregator build() {
            if (handlers.isEmpty()) {
                throw new IllegalStateException("Aggregator " + view + " has no handler");
            }
            return new Aggregator(this);
        }
    }
}
