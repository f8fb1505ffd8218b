package io.microlith.jdbc;

import io.microlith.consumer.ConsumerStatus;
import io.microlith.jdbc.BlueGreenView.Color;
import io.microlith.message.MessageTypes;
import io.microlith.message.StreamName;
import io.microlith.store.memory.InMemoryMessageStore;
import io.microlith.testkit.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A view in two copies on a real SQLite file: rebuilt beside the copy readers use, then switched. */
class BlueGreenViewTest {

    record NameChanged(String userId, String name) {
    }

    private static final Eventually EVENTUALLY = Eventually.within(Duration.ofSeconds(10));

    @TempDir
    Path dir;
    private ConnectionSource connections;
    private ViewReader reader;
    private final InMemoryMessageStore store = new InMemoryMessageStore();
    private final MessageTypes types = MessageTypes.of(NameChanged.class);
    private final List<BlueGreenView> views = new ArrayList<>();
    /** Held by the test to slow the copy being rebuilt down. */
    private volatile CountDownLatch gate = new CountDownLatch(0);
    /** Set by the test to crash the green copy's aggregator, as a process crash would. */
    private final AtomicBoolean crashGreen = new AtomicBoolean();

    @BeforeEach
    void database() {
        String url = "jdbc:sqlite:" + dir.resolve("views.db");
        connections = () -> DriverManager.getConnection(url);
        reader = new ViewReader(connections);
    }

    @AfterEach
    void stop() {
        gate.countDown();
        views.forEach(BlueGreenView::stop);
    }

    private BlueGreenView names() {
        BlueGreenView view = BlueGreenView.of("names", connections, color -> {
            String table = "names_" + color.suffix();
            return Aggregator.builder(store, "user", "names-" + color.suffix(), connections)
                    .types(types)
                    .consumer(c -> c.batchSize(10).pollInterval(Duration.ofMillis(20)))
                    .schema("CREATE TABLE IF NOT EXISTS " + table + " (user_id TEXT PRIMARY KEY, name TEXT NOT NULL)")
                    .reset("DELETE FROM " + table)
                    .on(NameChanged.class, (changed, tx) -> {
                        gate.await(10, TimeUnit.SECONDS);
                        if (color == Color.GREEN && crashGreen.get()) {
                            throw new OutOfMemoryError("Java heap space (simulated crash)"); // stops the consumer (decision 0050)
                        }
                        tx.update("INSERT INTO " + table + " (user_id, name) VALUES (?, ?)"
                                + " ON CONFLICT (user_id) DO UPDATE SET name = excluded.name", changed.userId(), changed.name());
                    })
                    .build();
        });
        views.add(view);
        return view;
    }

    private void change(String userId, String name) {
        store.write(StreamName.of("user", userId), types.toNewMessage(new NameChanged(userId, name)));
    }

    private List<String> rows(BlueGreenView view) {
        return rows(view.active());
    }

    private List<String> rows(Color color) {
        return reader.list("SELECT user_id, name FROM names_" + color.suffix() + " ORDER BY user_id",
                row -> row.getString(1) + "=" + row.getString(2));
    }

    private static void awaitPosition(BlueGreenView view, long position) {
        EVENTUALLY.until(() -> view.copy(view.active()).consumer().position(), reached -> reached >= position);
    }

    private void fiftyUsers() {
        for (int i = 0; i < 50; i++) {
            change(String.format("u%02d", i), "name " + i);
        }
    }

    @Test
    void starts_with_the_blue_copy_active_and_only_its_aggregator_running() {
        fiftyUsers();

        BlueGreenView view = names().start();
        awaitPosition(view, 50);

        assertThat(view.active()).isEqualTo(Color.BLUE);
        assertThat(view.consumers()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("names-blue"));
        assertThat(rows(Color.BLUE)).hasSize(50).contains("u07=name 7");
    }

    @Nested
    class Rebuilding {
        @Test
        void builds_the_other_copy_while_readers_see_the_whole_old_one_then_switches_to_it() throws Exception {
            fiftyUsers();
            BlueGreenView view = names().start();
            awaitPosition(view, 50);
            List<String> before = rows(view);
            List<RebuildProgress> reports = new CopyOnWriteArrayList<>();
            gate = new CountDownLatch(1);

            CompletableFuture<RebuildProgress> rebuild = view.rebuildAsync(reports::add);
            EVENTUALLY.until(() -> view.consumers().size(), running -> running == 2);
            List<List<String>> seenMeanwhile = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                seenMeanwhile.add(rows(view));
            }
            assertThat(view.rebuilding()).isTrue();
            gate.countDown();
            RebuildProgress last = rebuild.get(10, TimeUnit.SECONDS);

            assertThat(seenMeanwhile).allSatisfy(seen -> assertThat(seen).isEqualTo(before));
            assertThat(view.active()).isEqualTo(Color.GREEN);
            assertThat(rows(view)).isEqualTo(before);
            assertThat(last.done()).isTrue();
            assertThat(last.messages()).isEqualTo(50);
            assertThat(reports).extracting(RebuildProgress::position).isSorted();
            assertThat(reports).hasSizeGreaterThanOrEqualTo(5);
            assertThat(view.lastProgress()).contains(last);
            assertThat(view.rebuilding()).isFalse();
            assertThat(view.copy(Color.BLUE).consumer().status().state()).isEqualTo(ConsumerStatus.State.STOPPED);
            assertThat(view.consumers()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("names-green"));
        }

        @Test
        void keeps_the_new_copy_up_to_date_after_the_switch() {
            fiftyUsers();
            BlueGreenView view = names().start();
            view.rebuild(progress -> {
            });

            change("u07", "renamed");

            EVENTUALLY.untilAsserted(() -> assertThat(rows(view)).contains("u07=renamed"));
        }

        @Test
        void refuses_a_second_rebuild_while_one_runs() {
            fiftyUsers();
            BlueGreenView view = names().start();
            gate = new CountDownLatch(1);
            view.rebuildAsync(progress -> {
            });

            assertThatThrownBy(() -> view.rebuild(progress -> {
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("names is being rebuilt already");
        }

        @Test
        void stop_ends_a_running_rebuild_without_a_switch_and_returns_once_it_has_ended() {
            fiftyUsers();
            BlueGreenView view = names().start();
            CountDownLatch held = new CountDownLatch(1);
            gate = held; // a rebuild that reaches its first event waits here until the opener lets it go
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                held.countDown();
            });
            CompletableFuture<RebuildProgress> rebuild = view.rebuildAsync(progress -> {
            });

            view.stop();

            // Before, stop could return while the rebuild's thread had not yet reset the copy it rebuilds, which it
            // then did in the view database after stop (CI: a test's temporary directory could not be deleted, a
            // file was created in it meanwhile).
            assertThat(view.rebuilding()).isFalse();
            assertThat(rebuild).isCompletedExceptionally();
            assertThat(view.active()).isEqualTo(Color.BLUE);
            assertThat(view.consumers()).noneMatch(c -> c.status().state() == ConsumerStatus.State.RUNNING);
        }

        @Test
        void empties_the_stale_copy_before_building_it_again() {
            change("gone", "name");
            BlueGreenView view = names().start();
            view.rebuild(progress -> {
            }); // blue now holds 'gone', stale
            try (var c = connections.open(); var s = c.createStatement()) {
                s.execute("DELETE FROM names_green");
                s.execute("INSERT INTO names_blue (user_id, name) VALUES ('left-over', 'x')");
            } catch (Exception e) {
                throw new AssertionError(e);
            }

            view.rebuild(progress -> {
            });

            assertThat(view.active()).isEqualTo(Color.BLUE);
            assertThat(rows(view)).containsExactly("gone=name");
        }

        @Test
        void leaves_the_old_copy_active_when_the_rebuild_stops_before_it_caught_up() {
            fiftyUsers();
            BlueGreenView view = names().start();
            awaitPosition(view, 50);
            crashGreen.set(true);

            assertThatThrownBy(() -> view.rebuild(progress -> {
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped before it caught up");

            assertThat(view.active()).isEqualTo(Color.BLUE);
            assertThat(view.rebuilding()).isFalse();
            assertThat(view.consumers()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("names-blue"));
        }
    }

    @Test
    void a_restart_goes_on_with_the_copy_that_was_active() {
        fiftyUsers();
        BlueGreenView first = names().start();
        first.rebuild(progress -> {
        });
        first.stop();

        BlueGreenView second = names().start();

        assertThat(second.active()).isEqualTo(Color.GREEN);
        assertThat(second.consumers()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("names-green"));
    }

    @Test
    void refuses_two_copies_that_would_share_one_position() {
        AtomicBoolean built = new AtomicBoolean();
        assertThatThrownBy(() -> BlueGreenView.of("names", connections, color -> {
            built.set(true);
            return Aggregator.builder(store, "user", "same", connections).types(types)
                    .on(NameChanged.class, (changed, tx) -> {
                    }).build();
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different names");
        assertThat(built).isTrue();
    }
}
