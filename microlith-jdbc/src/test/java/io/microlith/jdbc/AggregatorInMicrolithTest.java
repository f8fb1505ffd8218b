package io.microlith.jdbc;

import io.microlith.Microlith;
import io.microlith.MicrolithConfig;
import io.microlith.bus.Envelope;
import io.microlith.consumer.ConsumerStatus;
import io.microlith.testkit.fixture.MicrolithFixture;
import io.microlith.testkit.fixture.Then;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** An aggregator registered with a Microlith: started, awaited and stopped with it; and under the test fixture. */
class AggregatorInMicrolithTest {

    record VideoViewed(String videoId) {
    }

    @TempDir
    Path dir;
    private String url;

    @BeforeEach
    void database() {
        url = "jdbc:sqlite:" + dir.resolve("views.db");
    }

    static void configure(MicrolithConfig config) {
        config.route(VideoViewed.class, "viewing", VideoViewed::videoId);
    }

    private Aggregator videoViews(Microlith microlith) {
        return Aggregator.builder(microlith, "viewing", "video-views", () -> DriverManager.getConnection(url))
                .schema("CREATE TABLE IF NOT EXISTS video_views (video_id TEXT PRIMARY KEY, views BIGINT NOT NULL)")
                .on(VideoViewed.class, (viewed, view) -> {
                    if (view.update("UPDATE video_views SET views = views + 1 WHERE video_id = ?", viewed.videoId()) == 0) {
                        view.update("INSERT INTO video_views (video_id, views) VALUES (?, 1)", viewed.videoId());
                    }
                })
                .build();
    }

    @Nested
    class Registered_with_a_microlith {
        @Test
        void starts_with_it_counts_for_await_idle_and_stops_on_close() {
            Aggregator aggregator;
            try (Microlith microlith = Microlith.create(AggregatorInMicrolithTest::configure)) {
                aggregator = microlith.register(videoViews(microlith));
                assertThat(aggregator.consumers()).as("not started before the Microlith").isEmpty();
                for (int i = 0; i < 30; i++) {
                    microlith.eventBus().dispatch(Envelope.of(new VideoViewed("v" + (i % 3))));
                }

                microlith.start().awaitIdle(Duration.ofSeconds(10));

                assertThat(microlith.consumers()).containsAll(aggregator.consumers());
                assertThat(microlith.registered(Aggregator.class)).containsExactly(aggregator);
                assertThat(aggregator.consumer().position()).isEqualTo(30);
            }
            assertThat(aggregator.consumer().status().state()).isNotEqualTo(ConsumerStatus.State.RUNNING);
        }

        @Test
        void starts_at_once_when_registered_after_the_start() {
            try (Microlith microlith = Microlith.create(AggregatorInMicrolithTest::configure).start()) {
                microlith.eventBus().dispatch(Envelope.of(new VideoViewed("late")));

                Aggregator aggregator = microlith.register(videoViews(microlith));
                microlith.awaitIdle(Duration.ofSeconds(10));

                assertThat(aggregator.consumer().status().state()).isEqualTo(ConsumerStatus.State.RUNNING);
                assertThat(aggregator.consumer().position()).isEqualTo(1);
            }
        }
    }

    @Nested
    class Under_the_test_fixture {
        @Test
        void then_shows_the_view_the_aggregator_wrote() {
            try (var fixture = MicrolithFixture.create(AggregatorInMicrolithTest::configure,
                    microlith -> microlith.register(videoViews(microlith)))
                    .views(() -> DriverManager.getConnection(url))) {
                Then then = fixture.given(new VideoViewed("a"), new VideoViewed("a"))
                        .when(new VideoViewed("a"));

                assertThat(then.viewValue("SELECT views FROM video_views WHERE video_id = ?", "a")).isEqualTo(3);
            }
        }
    }
}
