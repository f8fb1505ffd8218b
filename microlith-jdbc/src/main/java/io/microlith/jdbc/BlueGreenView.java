package io.microlith.jdbc;

import io.microlith.Managed;
import io.microlith.consumer.Consumer;
import io.microlith.consumer.ConsumerStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A view kept in two copies, blue and green, so that it can be rebuilt from the store while its readers go on using the
 * complete old copy, and switched to the new one in one step (a blue/green deployment of a read model). Only the
 * active copy's aggregator runs; {@link #rebuild} empties the other copy, applies every event to it, and once it has
 * caught up makes it the active one and stops the old one's aggregator.
 *
 * <pre>{@code
 * BlueGreenView users = BlueGreenView.of("users", connections, color ->
 *         Aggregator.builder(microlith, "profile", "users-" + color.suffix(), connections)
 *                 .schema("CREATE TABLE IF NOT EXISTS users_" + color.suffix() + " (user_id TEXT PRIMARY KEY, ...)")
 *                 .reset("DELETE FROM users_" + color.suffix())
 *                 .on(ProfileCreated.class, (created, view) -> view.update("INSERT INTO users_" + color.suffix() + " ..."))
 *                 .build());
 * microlith.register(users);                             // starts the active copy's aggregator with the Microlith
 * String table = "users_" + users.active().suffix();     // what readers query, asked again for each read
 * users.rebuild(progress -> LOG.info("{}", progress));   // builds the other copy, then switches to it
 * }</pre>
 *
 * <p>Which copy is active is kept in the view database ({@code microlith_view_colors(view_name, active)}), so that a
 * restart goes on with it; a crash during a rebuild leaves the old copy active and the next rebuild starts the other
 * copy afresh. The old copy keeps its (now stale) rows until the next rebuild empties it: a reader that asked for the
 * active copy just before the switch still finds complete data. {@link #active()} is this process's knowledge: several
 * processes that share one view database and rebuild it must be restarted after a switch.
 */
public final class BlueGreenView implements Managed, AutoCloseable {
    /** The two copies of the view. */
    public enum Color {
        BLUE, GREEN;

        /** {@code blue} or {@code green}: for the copy's table and aggregator names. */
        public String suffix() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The other copy. */
        public Color other() {
            return this == BLUE ? GREEN : BLUE;
        }
    }

    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS microlith_view_colors ("
            + "view_name VARCHAR(200) PRIMARY KEY, active VARCHAR(10) NOT NULL)";

    private final String view;
    private final ConnectionSource connections;
    private final Map<Color, Aggregator> copies = new EnumMap<>(Color.class);
    /** Longest {@link #stop} waits for a running rebuild to end. */
    private static final long STOP_WAITS_MS = 10_000;

    private final AtomicBoolean rebuilding = new AtomicBoolean();
    /** Notified when a rebuild ends; {@link #rebuilding} changes to false under it. */
    private final Object rebuildEnded = new Object();
    /** The thread running a rebuild, while one runs. */
    private volatile Thread rebuilder;
    /** How often {@link #stop} was called; a rebuild claimed before a stop must not switch, nor go on. */
    private long stops;
    private volatile Color active;
    private volatile RebuildProgress lastProgress;

    private BlueGreenView(String view, ConnectionSource connections, Function<Color, Aggregator> copy) {
        if (view == null || view.isBlank() || view.length() > 200) {
            throw new IllegalArgumentException("A view name must be 1 to 200 characters, was " + view);
        }
        this.view = view;
        this.connections = Objects.requireNonNull(connections, "connections");
        for (Color color : Color.values()) {
            copies.put(color, Objects.requireNonNull(copy.apply(color), "the aggregator of the " + color.suffix() + " copy"));
        }
        if (copies.get(Color.BLUE).view().equals(copies.get(Color.GREEN).view())) {
            throw new IllegalArgumentException("The blue and green copies of view " + view + " must have aggregators of"
                    + " different names (each keeps its own position), but both are named " + copies.get(Color.BLUE).view());
        }
    }

    /**
     * A view named {@code view} (its key in {@code microlith_view_colors}) whose two copies are kept by the aggregators
     * {@code copy} builds, one per color: each writes its own tables and has its own name. {@code connections} opens
     * the view database where the active color is kept (the aggregators' database).
     */
    public static BlueGreenView of(String view, ConnectionSource connections, Function<Color, Aggregator> copy) {
        return new BlueGreenView(view, connections, Objects.requireNonNull(copy, "copy"));
    }

    public String view() {
        return view;
    }

    /**
     * The copy readers should use now, read from the view database the first time.
     *
     * @throws ViewException when the view database cannot be read
     */
    public Color active() {
        Color color = active;
        if (color == null) {
            synchronized (this) {
                if (active == null) {
                    active = loadActive();
                }
                color = active;
            }
        }
        return color;
    }

    /** The aggregator of one copy (for its consumer's status). */
    public Aggregator copy(Color color) {
        return copies.get(Objects.requireNonNull(color, "color"));
    }

    /** Whether a rebuild is running. */
    public boolean rebuilding() {
        return rebuilding.get();
    }

    /** The last progress report of the running or last rebuild; empty before the first. */
    public Optional<RebuildProgress> lastProgress() {
        return Optional.ofNullable(lastProgress);
    }

    /** Starts the active copy's aggregator (creating its tables); the other copy rests until a rebuild. */
    @Override
    public synchronized BlueGreenView start() {
        copies.get(active()).start();
        return this;
    }

    /**
     * Stops both copies' aggregators; a running rebuild then fails and the active copy stays what it was. Returns once
     * that rebuild has ended (at most 10 s later), so that the view writes nothing more to its database afterwards
     * (not when called by the rebuild itself, e.g. from its progress listener).
     */
    @Override
    public void stop() {
        synchronized (this) {
            stops++;
            copies.values().forEach(Aggregator::stop);
        }
        awaitRebuildEnd();
    }

    private void awaitRebuildEnd() {
        if (rebuilder == Thread.currentThread()) {
            return;
        }
        long deadline = System.nanoTime() + STOP_WAITS_MS * 1_000_000;
        synchronized (rebuildEnded) {
            while (rebuilding.get()) {
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMs <= 0) {
                    return;
                }
                try {
                    rebuildEnded.wait(leftMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * The active copy's consumer (also when it crashed: that must show), and the other copy's while it runs (during a
     * rebuild).
     */
    @Override
    public synchronized List<Consumer> consumers() {
        List<Consumer> consumers = new ArrayList<>(copies.get(active()).consumers());
        copies.get(active().other()).consumers().stream()
                .filter(c -> c.status().state() == ConsumerStatus.State.RUNNING).forEach(consumers::add);
        return consumers;
    }

    /**
     * Rebuilds the inactive copy from the start of the store ({@link Aggregator#rebuild}: its reset statements, then every
     * event, reporting progress after each batch) while readers go on using the active copy; once it has caught up,
     * makes it the active copy and stops the other's aggregator. Returns the last report.
     *
     * @param progress hears each report, on the rebuilding aggregator's thread
     * @throws IllegalStateException when a rebuild of this view is running already, or the rebuild stopped before it
     *                               caught up (then the old copy stays active)
     * @throws ViewException         when the view database fails
     */
    public RebuildProgress rebuild(java.util.function.Consumer<RebuildProgress> progress) {
        long stopsBefore = claim();
        return rebuildClaimed(progress, stopsBefore);
    }

    /**
     * {@link #rebuild} on a virtual thread of its own; the future completes with the last report, or with the failure.
     *
     * @throws IllegalStateException at once when a rebuild of this view is running already
     */
    public CompletableFuture<RebuildProgress> rebuildAsync(java.util.function.Consumer<RebuildProgress> progress) {
        Objects.requireNonNull(progress, "progress");
        long stopsBefore = claim();
        CompletableFuture<RebuildProgress> done = new CompletableFuture<>();
        Thread.ofVirtual().name("rebuild-" + view).start(() -> {
            try {
                done.complete(rebuildClaimed(progress, stopsBefore));
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Claims the one rebuild a view runs at a time; returns the stops counted so far. */
    private synchronized long claim() {
        if (!rebuilding.compareAndSet(false, true)) {
            throw new IllegalStateException("View " + view + " is being rebuilt already");
        }
        return stops;
    }

    /** Refuses to go on once the view was stopped after the rebuild was claimed. */
    private void requireNotStoppedSince(long stopsBefore, String when) {
        if (stops != stopsBefore) {
            throw new IllegalStateException("The rebuild of view " + view + " stopped " + when + ": the view was stopped");
        }
    }

    private RebuildProgress rebuildClaimed(java.util.function.Consumer<RebuildProgress> progress, long stopsBefore) {
        Objects.requireNonNull(progress, "progress");
        rebuilder = Thread.currentThread();
        try {
            Color from = active();
            Color to = from.other();
            synchronized (this) {
                requireNotStoppedSince(stopsBefore, "before it began");
            }
            RebuildProgress last;
            try {
                last = copies.get(to).rebuild(report -> {
                    lastProgress = report;
                    progress.accept(report);
                });
            } catch (RuntimeException e) {
                copies.get(to).stop(); // a half-built copy must not go on running beside the active one
                throw e;
            }
            synchronized (this) {
                if (stops != stopsBefore) {
                    copies.get(to).stop(); // caught up, but the view was stopped meanwhile: no switch, nothing running
                    requireNotStoppedSince(stopsBefore, "before it switched");
                }
                saveActive(to);
                active = to;
                copies.get(from).stop();
            }
            return last;
        } finally {
            rebuilder = null;
            synchronized (rebuildEnded) {
                rebuilding.set(false);
                rebuildEnded.notifyAll();
            }
        }
    }

    private Color loadActive() {
        try (Connection connection = connections.open()) {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute(CREATE_TABLE);
            }
            try (PreparedStatement select = Statements.prepare(connection,
                    "SELECT active FROM microlith_view_colors WHERE view_name = ?", view);
                 ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    return Color.valueOf(row.getString(1).toUpperCase(Locale.ROOT));
                }
            }
            return Color.BLUE;
        } catch (SQLException | IllegalArgumentException e) {
            throw new ViewException("Could not read which copy of view " + view + " is active", e);
        }
    }

    private void saveActive(Color color) {
        try (Connection connection = connections.open()) {
            connection.setAutoCommit(true);
            try (PreparedStatement update = Statements.prepare(connection,
                    "UPDATE microlith_view_colors SET active = ? WHERE view_name = ?", color.suffix(), view)) {
                if (update.executeUpdate() == 1) {
                    return;
                }
            }
            try (PreparedStatement insert = Statements.prepare(connection,
                    "INSERT INTO microlith_view_colors (view_name, active) VALUES (?, ?)", view, color.suffix())) {
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw new ViewException("Could not switch view " + view + " to its " + color.suffix() + " copy", e);
        }
    }
}
