package io.microlith.jdbc;

import io.microlith.consumer.Consumer;
import io.microlith.consumer.ConsumerListener;
import io.microlith.consumer.ConsumerStatus;
import io.microlith.consumer.RetryPolicy;
import io.microlith.message.MessageTypes;
import io.microlith.message.StreamName;
import io.microlith.store.memory.InMemoryMessageStore;
import io.microlith.testkit.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Aggregators on a real SQLite database file. */
class AggregatorTest {

    record VideoViewed(String videoId) {
    }

    /** A crash: the JVM's own exhaustion stops the consumer without committing or saving anything. */
    static OutOfMemoryError crash() {
        return new OutOfMemoryError("Java heap space (simulated crash)");
    }

    @TempDir
    Path dir;
    private String url;
    private final InMemoryMessageStore store = new InMemoryMessageStore();
    private final MessageTypes types = MessageTypes.of(VideoViewed.class);
    private final List<Aggregator> aggregators = new ArrayList<>();

    @BeforeEach
    void database() {
        url = "jdbc:sqlite:" + dir.resolve("views.db");
    }

    @AfterEach
    void stop() {
        aggregators.forEach(Aggregator::stop);
    }

    private Aggregator.Builder videoViews(ViewHandler<VideoViewed> handler) {
        return Aggregator.builder(store, "viewing", "video-views", () -> DriverManager.getConnection(url))
                .types(types)
                .consumer(c -> c.batchSize(20).pollInterval(Duration.ofHours(1))
                        .retry(RetryPolicy.backoff(2, Duration.ZERO, Duration.ZERO)))
                .schema("CREATE TABLE IF NOT EXISTS video_views (video_id TEXT PRIMARY KEY, views BIGINT NOT NULL)")
                .reset("DELETE FROM video_views")
                .on(VideoViewed.class, handler);
    }

    private static void countView(VideoViewed viewed, ViewTransaction view) throws SQLException {
        if (view.update("UPDATE video_views SET views = views + 1 WHERE video_id = ?", viewed.videoId()) == 0) {
            view.update("INSERT INTO video_views (video_id, views) VALUES (?, 1)", viewed.videoId());
        }
    }

    private Aggregator start(Aggregator.Builder builder) {
        Aggregator aggregator = builder.build().start();
        aggregators.add(aggregator);
        return aggregator;
    }

    private void view(String video, int times) {
        for (int i = 0; i < times; i++) {
            store.write(StreamName.of("viewing", video), types.toNewMessage(new VideoViewed(video)));
        }
    }

    private long views(String video) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT views FROM video_views WHERE video_id = '" + video + "'")) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    private long savedPosition() throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery(
                     "SELECT global_position FROM microlith_view_positions WHERE view_name = 'video-views'")) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    private static final Eventually EVENTUALLY = Eventually.within(Duration.ofSeconds(10));

    private static void awaitPosition(Consumer consumer, long position) {
        EVENTUALLY.until(consumer::position, reached -> reached >= position);
    }

    @Test
    void applies_events_to_the_view_and_saves_its_position_in_the_same_database() throws Exception {
        view("a", 3);
        view("b", 2);

        Aggregator aggregator = start(videoViews(AggregatorTest::countView));
        awaitPosition(aggregator.consumer(), 5);

        assertThat(views("a")).isEqualTo(3);
        assertThat(views("b")).isEqualTo(2);
        assertThat(savedPosition()).isEqualTo(5);
    }

    @Test
    void a_crash_in_mid_batch_commits_nothing_of_it_and_the_restart_applies_every_event_exactly_once()
            throws Exception {
        view("a", 100);
        AtomicInteger applied = new AtomicInteger();
        Aggregator first = start(videoViews((viewed, view) -> {
            if (applied.incrementAndGet() == 55) {
                throw crash();
            }
            countView(viewed, view);
        }));
        Consumer crashed = first.consumer();
        EVENTUALLY.until(() -> crashed.status().state(), state -> state == ConsumerStatus.State.CRASHED);
        first.stop();
        // batches of 20: 40 events committed with their position, the third batch not at all
        assertThat(views("a")).isEqualTo(40);
        assertThat(savedPosition()).isEqualTo(40);

        Aggregator second = start(videoViews(AggregatorTest::countView));
        awaitPosition(second.consumer(), 100);

        assertThat(views("a")).isEqualTo(100);
        assertThat(savedPosition()).isEqualTo(100);
    }

    @Nested
    class Poison {
        @Test
        void a_failing_event_is_parked_without_its_batch_losing_the_other_events() throws Exception {
            view("a", 3);
            view("poison", 1);
            view("b", 3);

            Aggregator aggregator = start(videoViews((viewed, view) -> {
                countView(viewed, view);
                if (viewed.videoId().equals("poison")) {
                    throw new IllegalStateException("cannot apply");
                }
            }));
            awaitPosition(aggregator.consumer(), 7);

            assertThat(views("a")).isEqualTo(3);
            assertThat(views("b")).isEqualTo(3);
            assertThat(views("poison")).as("the failing event's changes were rolled back").isZero();
            assertThat(aggregator.consumer().parked()).singleElement()
                    .satisfies(p -> assertThat(p.streamName()).isEqualTo(StreamName.of("viewing-poison")));
            assertThat(savedPosition()).isEqualTo(7);
        }

        @Test
        void an_event_whose_handler_throws_an_error_is_parked_and_the_aggregator_goes_on() throws Exception {
            view("a", 3);
            view("poison", 1);
            view("b", 3);

            Aggregator aggregator = start(videoViews((viewed, view) -> {
                countView(viewed, view);
                if (viewed.videoId().equals("poison")) {
                    // what a price of 1e2147483647 does to a view that writes it out
                    new BigDecimal("1e2147483647").toPlainString();
                }
            }));
            awaitPosition(aggregator.consumer(), 7);
            view("c", 1);
            long last = store.headGlobalPosition(); // after the Parked record in the dead-letter stream
            awaitPosition(aggregator.consumer(), last);

            assertThat(aggregator.consumer().status().state()).isEqualTo(ConsumerStatus.State.RUNNING);
            assertThat(views("a")).isEqualTo(3);
            assertThat(views("b")).isEqualTo(3);
            assertThat(views("c")).isEqualTo(1);
            assertThat(views("poison")).isZero();
            assertThat(aggregator.consumer().parked()).singleElement()
                    .satisfies(p -> assertThat(p.error()).startsWith("java.lang.OutOfMemoryError"));
            assertThat(savedPosition()).isEqualTo(last);
        }
    }

    @Nested
    class Rebuild {
        @Test
        void empties_the_view_and_applies_every_event_again_reporting_progress() throws Exception {
            view("a", 50);
            Aggregator aggregator = start(videoViews(AggregatorTest::countView));
            awaitPosition(aggregator.consumer(), 50);
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("UPDATE video_views SET views = 999");
            }
            List<RebuildProgress> reports = new CopyOnWriteArrayList<>();

            RebuildProgress last = aggregator.rebuild(reports::add);

            assertThat(views("a")).isEqualTo(50);
            assertThat(last.done()).isTrue();
            assertThat(last.messages()).isEqualTo(50);
            assertThat(last.position()).isEqualTo(50);
            assertThat(reports).hasSizeGreaterThanOrEqualTo(3);
            assertThat(reports).extracting(RebuildProgress::position).isSorted();

            view("a", 1);
            awaitPosition(aggregator.consumer(), 51);
            assertThat(views("a")).isEqualTo(51);
        }

        @Test
        void keeps_the_listener_the_aggregator_was_built_with_and_reports_no_more_once_done() throws Exception {
            view("a", 30);
            List<Long> heard = new CopyOnWriteArrayList<>();
            Aggregator aggregator = start(Aggregator.builder(Consumer.builder(store, "viewing", "video-views")
                            .listener(new ConsumerListener() {
                                @Override
                                public void batchProcessed(long position, int messages) {
                                    heard.add(position);
                                }
                            }), "video-views", () -> DriverManager.getConnection(url))
                    .types(types)
                    .consumer(c -> c.batchSize(20).pollInterval(Duration.ofHours(1)))
                    .schema("CREATE TABLE IF NOT EXISTS video_views (video_id TEXT PRIMARY KEY, views BIGINT NOT NULL)")
                    .reset("DELETE FROM video_views")
                    .on(VideoViewed.class, AggregatorTest::countView));
            awaitPosition(aggregator.consumer(), 30);
            List<RebuildProgress> reports = new CopyOnWriteArrayList<>();
            aggregator.rebuild(reports::add);
            int reported = reports.size();
            heard.clear();

            view("a", 1);
            awaitPosition(aggregator.consumer(), 31);

            assertThat(heard).as("the aggregator's own listener after the rebuild").contains(31L);
            assertThat(reports).as("rebuild reports after it was done").hasSize(reported);
        }
    }
}
