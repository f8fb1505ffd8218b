package io.microlith.demo.videos;

import io.microlith.bus.Envelope;
import io.microlith.demo.DemoSettings;
import io.microlith.demo.videos.VideoMessages.NameProblem;
import io.microlith.demo.videos.VideoMessages.NameVideo;
import io.microlith.demo.videos.VideoMessages.PublishVideo;
import io.microlith.demo.videos.VideoMessages.VideoNameRejected;
import io.microlith.demo.videos.VideoMessages.VideoNamed;
import io.microlith.demo.videos.VideoMessages.VideoPublished;
import io.microlith.demo.videos.VideoMessages.VideoPublishingFailed;
import io.microlith.demo.videos.VideoMessages.VideoViewed;
import io.microlith.demo.views.ViewDatabase;
import io.microlith.http.live.LiveFeed;
import io.microlith.message.StreamName;
import io.microlith.testkit.fixture.MicrolithFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The video-publishing component and the video views, given / when / then on the in-memory store. */
class VideosFeatureTest {
    static final String V1 = "11111111-1111-1111-1111-111111111111";
    static final StreamName VIDEO = StreamName.of("videoPublishing", V1);
    static final String SOURCE = "https://example.org/talk.mp4";
    static final VideoPublished PUBLISHED = new VideoPublished(V1, "ann", SOURCE, "/media/" + V1 + ".mp4");

    final ViewDatabase views = ViewDatabase.temporary();
    final LiveFeed feed = new LiveFeed();

    @AfterEach
    void close() {
        feed.close();
        views.close();
    }

    MicrolithFixture fixture(String... roles) {
        DemoSettings settings = DemoSettings.defaults().withRun(Set.of(roles)).withTranscodeDelay(Duration.ZERO);
        return MicrolithFixture.of(new VideosFeature(settings, views, feed)).views(views::openWriter);
    }

    static Envelope<NameVideo> name(String requester, String name) {
        return Envelope.correlated(new NameVideo(V1, requester, name));
    }

    @Nested
    class Publishing {
        @Test
        void transcodes_and_publishes_a_video_untitled() {
            try (var fixture = fixture("videos")) {
                fixture.when(Envelope.correlated(new PublishVideo(V1, "ann", SOURCE))).wrote(VIDEO, PUBLISHED);
            }
        }

        @Test
        void fails_a_video_the_transcoder_cannot_read() {
            try (var fixture = fixture("videos")) {
                fixture.when(Envelope.correlated(new PublishVideo(V1, "ann", "https://example.org/notes.txt")))
                        .wrote(VIDEO, new VideoPublishingFailed(V1, "ann", "https://example.org/notes.txt",
                                "'.txt' is not a video format; upload one of mp4, mov, webm, mkv, m4v, avi, ogv"));
            }
        }

        @Test
        void publishes_a_video_once_however_often_it_is_asked() {
            try (var fixture = fixture("videos")) {
                var publish = Envelope.correlated(new PublishVideo(V1, "ann", SOURCE));
                fixture.when(publish).written(VideoPublished.class);

                fixture.when(StreamName.of("videoPublishing:command", V1), publish.withId(UUID.randomUUID())).wroteNothing();
                fixture.when(Envelope.correlated(new PublishVideo(V1, "ann", SOURCE))).wroteNothing();
            }
        }
    }

    @Nested
    class Naming {
        @Test
        void names_a_published_video_for_its_owner() {
            try (var fixture = fixture("videos")) {
                fixture.given(VIDEO, PUBLISHED)
                        .when(name("ann", "  Event sourcing in 10 minutes "))
                        .wrote(VIDEO, new VideoNamed(V1, "Event sourcing in 10 minutes"));
            }
        }

        @Test
        void rejects_an_empty_name_one_over_100_characters_and_one_with_control_characters_with_the_reason() {
            try (var fixture = fixture("videos")) {
                fixture.given(VIDEO, PUBLISHED);

                assertThat(fixture.when(name("ann", " ")).written(VideoNameRejected.class))
                        .extracting(VideoNameRejected::problem, VideoNameRejected::reason)
                        .containsExactly(NameProblem.INVALID, "a name must not be empty");
                assertThat(fixture.when(name("ann", "x".repeat(101))).written(VideoNameRejected.class).reason())
                        .isEqualTo("a name must be at most 100 characters, was 101");
                assertThat(fixture.when(name("ann", "bell\u0007")).written(VideoNameRejected.class).reason())
                        .isEqualTo("a name must not contain control or invisible characters");
                assertThat(fixture.when(name("ann", "zero\u200bwidth")).written(VideoNameRejected.class).problem())
                        .isEqualTo(NameProblem.INVALID);
            }
        }

        @Test
        void rejects_a_name_the_owner_gave_another_video_whatever_its_case_and_tags_the_naming() {
            StreamName v2 = StreamName.of("videoPublishing", "v2");
            try (var fixture = fixture("videos")) {
                fixture.given(VIDEO, PUBLISHED).given(v2, new VideoPublished("v2", "ann", SOURCE, "/media/v2.mp4"));
                var named = fixture.when(name("ann", "Intro")).wrote(VIDEO, new VideoNamed(V1, "Intro"));
                assertThat(named.messages(VIDEO).getLast().metadata().tags())
                        .containsExactly(VideoRules.nameTag("ann", "Intro"), VideoRules.nameTag("ann", VideoRules.UNTITLED));

                var then = fixture.when(Envelope.correlated(new NameVideo("v2", "ann", " INTRO ")));

                assertThat(then.written(VideoNameRejected.class))
                        .extracting(VideoNameRejected::problem, VideoNameRejected::reason)
                        .containsExactly(NameProblem.TAKEN, "you already have a video named 'INTRO'; choose another name");
            }
        }

        @Test
        void frees_a_name_once_its_video_is_renamed_and_lets_another_creator_use_it() {
            StreamName v2 = StreamName.of("videoPublishing", "v2");
            StreamName v3 = StreamName.of("videoPublishing", "v3");
            try (var fixture = fixture("videos")) {
                fixture.given(VIDEO, PUBLISHED).given(v2, new VideoPublished("v2", "ann", SOURCE, "/media/v2.mp4"))
                        .given(v3, new VideoPublished("v3", "bob", SOURCE, "/media/v3.mp4"));
                fixture.when(name("ann", "Intro")).written(VideoNamed.class);
                fixture.when(Envelope.correlated(new NameVideo("v3", "bob", "Intro"))).wrote(v3, new VideoNamed("v3", "Intro"));
                fixture.when(name("ann", "Basics")).written(VideoNamed.class);

                fixture.when(Envelope.correlated(new NameVideo("v2", "ann", "Intro"))).wrote(v2, new VideoNamed("v2", "Intro"));
                assertThat(fixture.when(name("ann", "intro")).written(VideoNameRejected.class).problem())
                        .isEqualTo(NameProblem.TAKEN);
            }
        }

        @Test
        void accepts_a_name_of_exactly_100_characters() {
            try (var fixture = fixture("videos")) {
                fixture.given(VIDEO, PUBLISHED).when(name("ann", "é".repeat(100))).written(VideoNamed.class);
            }
        }

        @Test
        void records_a_rejection_when_someone_else_names_the_video() {
            try (var fixture = fixture("videos")) {
                fixture.given(VIDEO, PUBLISHED)
                        .when(name("bob", "Mine now"))
                        .wrote(VIDEO, new VideoNameRejected(V1, "bob", "Mine now", NameProblem.NOT_OWNER,
                                "only the video's owner may name it"));
            }
        }

        @Test
        void rejects_naming_a_video_that_is_not_published() {
            try (var fixture = fixture("videos")) {
                assertThat(fixture.when(name("ann", "Too early")).written(VideoNameRejected.class).problem())
                        .isEqualTo(NameProblem.NOT_PUBLISHED);
                fixture.given(StreamName.of("videoPublishing", "v2"), new VideoPublishingFailed("v2", "ann", SOURCE, "broken"));
                assertThat(fixture.when(Envelope.correlated(new NameVideo("v2", "ann", "Failed"))).written(VideoNameRejected.class)
                        .problem()).isEqualTo(NameProblem.NOT_PUBLISHED);
            }
        }
    }

    @Nested
    class Views {
        @Test
        void list_an_upload_as_transcoding_then_published_with_its_name() {
            try (var fixture = fixture("views")) {
                var then = fixture.when(Envelope.correlated(new PublishVideo(V1, "ann", SOURCE)));
                assertThat(then.viewRows("SELECT video_id, owner_id FROM video_uploads")).singleElement()
                        .satisfies(row -> assertThat(row).containsEntry("owner_id", "ann"));

                fixture.when(Envelope.of(PUBLISHED));
                then = fixture.when(Envelope.of(new VideoNamed(V1, "Intro")));

                assertThat(then.viewRows("SELECT status, name FROM videos WHERE video_id = ?", V1)).singleElement()
                        .satisfies(row -> assertThat(row).containsEntry("status", "published").containsEntry("name", "Intro"));
            }
        }

        @Test
        void count_every_viewing_on_the_home_page_per_video_and_per_day() {
            try (var fixture = fixture("views")) {
                fixture.given(VIDEO, PUBLISHED)
                        .given(new VideoViewed(V1, null), new VideoViewed(V1, "bob"))
                        .given(new VideoViewed("22222222-2222-2222-2222-222222222222", null));

                var then = fixture.when(new VideoViewed(V1, "ann"));

                assertThat(then.viewValue("SELECT videos_watched FROM home_page")).isEqualTo(4);
                assertThat(then.viewValue("SELECT views FROM video_views WHERE video_id = ?", V1)).isEqualTo(3);
                assertThat(then.viewValue("SELECT views FROM video_views_by_day WHERE video_id = ? AND day = ?", V1,
                        LocalDate.now(ZoneOffset.UTC).toString())).isEqualTo(3);
            }
        }

        @Test
        void count_a_viewing_once_when_every_viewing_is_delivered_again() throws Exception {
            try (var fixture = fixture("views")) {
                fixture.given(VIDEO, PUBLISHED).given(new VideoViewed(V1, null), new VideoViewed(V1, null));
                fixture.when(new VideoViewed(V1, null));
                fixture.microlith().close();
                try (var connection = views.openWriter(); var statement = connection.createStatement()) {
                    statement.execute("UPDATE microlith_view_positions SET global_position = 0");
                }

                try (var again = fixture("views")) {
                    var then = again.given(VIDEO, PUBLISHED).given(new VideoViewed(V1, null), new VideoViewed(V1, null))
                            .when(new VideoViewed(V1, null));

                    assertThat(then.viewValue("SELECT videos_watched FROM home_page")).isEqualTo(3);
                    assertThat(then.viewValue("SELECT views FROM video_views WHERE video_id = ?", V1)).isEqualTo(3);
                    assertThat(then.viewValue("SELECT SUM(views) FROM video_views_by_day WHERE video_id = ?", V1)).isEqualTo(3);
                }
            }
        }
    }
}
