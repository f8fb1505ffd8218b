package io.microlith.demo.videos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microlith.demo.DemoApp;
import io.microlith.demo.DemoSettings;
import io.microlith.demo.DemoTesting;
import io.microlith.demo.RecordingMailer;
import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.testkit.Eventually;
import io.microlith.testkit.http.HttpTestClient;
import io.microlith.testkit.http.HttpTestServer;
import io.microlith.testkit.http.SseStream;
import io.microlith.testkit.http.TestResponse;
import io.microlith.testkit.http.WebSocketStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.microlith.demo.DemoTesting.WAIT;
import static io.microlith.demo.DemoTesting.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** Seed 003's routes over real HTTP against the demo on its embedded store: every route and every error answer. */
class VideosEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static DemoApp app;
    static HttpTestServer server;
    static HttpTestClient ann;
    static HttpTestClient bob;
    static String annId;
    /** Ann's published video, named "Ann's intro". */
    static String video;

    @BeforeAll
    static void start() {
        // proxy headers trusted so that a test can be a client of another address (X-Forwarded-For)
        app = DemoApp.start(DemoTesting.settings().withTranscodeDelay(Duration.ofMillis(20))
                .withWeb(new DemoSettings.WebEdge(true, Set.of(), 5_000)), new RecordingMailer());
        server = HttpTestServer.of(app.port(), app::close);
        ann = DemoTesting.loggedIn(server, "ann", "customer");
        bob = DemoTesting.loggedIn(server, "bob", "customer");
        annId = ann.get("/auth/me").json().path("userId").asText();
        video = published(ann, publish(ann, "https://example.org/ann-intro.mp4")).path("id").asText();
        assertThat(ann.postJson("/creators/videos/" + video + "/name", "{\"name\":\"Ann's intro\"}").status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Publishes a video and answers its location. */
    static String publish(HttpTestClient creator, String source) {
        TestResponse response = creator.postJson("/creators/videos", "{\"sourceUri\":\"" + source + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.header("Location");
    }

    /** The creator's video at {@code location} once it has left transcoding. */
    static JsonNode published(HttpTestClient creator, String location) {
        return DemoTesting.eventually(creator, location,
                r -> r.status() == 200 && !r.json().path("status").asText().equals("transcoding")).json();
    }

    static long videosWatched() {
        return server.client().get("/home-page").json().path("videosWatched").asLong();
    }

    static List<Message> stored(String stream) {
        return app.microlith().store().readStream(StreamName.of(stream), 0, 1000);
    }

    @Nested
    class Publishing {
        @Test
        void answers_202_with_an_empty_body_a_location_and_a_correlation_id() {
            TestResponse response = ann.postJson("/creators/videos", "{\"sourceUri\":\"https://example.org/talk.webm\"}");

            assertThat(response.status()).isEqualTo(202);
            assertThat(response.body()).isEmpty();
            assertThat(response.header("Location")).matches("/creators/videos/[0-9a-f-]{36}");
            assertThat(response.header("X-Correlation-Id")).isNotBlank();
        }

        @Test
        void answers_429_to_a_creator_publishing_beyond_30_at_once_with_nothing_stored() {
            HttpTestClient eager = DemoTesting.loggedIn(server, "eager-creator", "customer");
            int accepted = 0;
            TestResponse answer = eager.postJson("/creators/videos", "{\"sourceUri\":\"https://example.org/0.mp4\"}");
            // 30 at once, one more a second: a slow run may earn a few more before the first refusal
            for (int tries = 1; answer.status() == 202 && tries < 90; tries++) {
                accepted++;
                answer = eager.postJson("/creators/videos", "{\"sourceUri\":\"https://example.org/" + tries + ".mp4\"}");
            }

            assertError(answer, 429, "too_many_requests", null);
            assertThat(Long.parseLong(answer.header("Retry-After"))).isPositive();
            assertThat(accepted).isGreaterThanOrEqualTo(30);
            int published = accepted;
            // transcoded one after another: once all of them left transcoding, the list is complete
            TestResponse mine = DemoTesting.eventually(eager, "/creators/videos", r -> r.json().path("videos").size() >= published
                    && !r.body().contains("\"transcoding\""));
            assertThat(mine.json().path("videos").size()).isEqualTo(published);
        }

        @Test
        void publishes_the_video_untitled_once_it_is_transcoded() {
            JsonNode published = published(ann, publish(ann, "https://example.org/published.mp4"));

            assertThat(published.path("status").asText()).isEqualTo("published");
            assertThat(published.path("name").asText()).isEqualTo("Untitled");
            assertThat(published.path("transcodedUri").asText()).startsWith("/media/");
            assertThat(published.path("views").asLong()).isZero();
        }

        @Test
        void fails_a_video_the_transcoder_cannot_read_and_says_why() {
            JsonNode failed = published(ann, publish(ann, "https://example.org/slides.pdf"));

            assertThat(failed.path("status").asText()).isEqualTo("failed");
            assertThat(failed.path("reason").asText()).contains("'.pdf' is not a video format");
        }

        @Test
        void answers_400_naming_the_source_when_it_is_missing_or_not_a_web_address() {
            assertError(ann.postJson("/creators/videos", "{}"), 400, "invalid_input", "sourceUri");
            assertError(ann.postJson("/creators/videos", "{\"sourceUri\":\"file:///etc/passwd\"}"), 400, "invalid_input", "sourceUri");
            assertError(ann.postJson("/creators/videos", "{\"sourceUri\":\"https://example.org/a\\u0000.mp4\"}"), 400,
                    "invalid_input", "sourceUri");
            assertError(ann.postJson("/creators/videos", "{\"sourceUri\":\"https://example.org/" + "a".repeat(2001) + "\"}"),
                    400, "invalid_input", "sourceUri");
        }

        @Test
        void answers_401_without_a_session_and_415_for_a_body_that_is_not_json() {
            assertError(server.client().postJson("/creators/videos", "{\"sourceUri\":\"https://example.org/a.mp4\"}"),
                    401, "unauthorized", null);
            assertError(ann.post("/creators/videos", "text/plain", "https://example.org/a.mp4".getBytes()), 415,
                    "unsupported_media_type", null);
        }
    }

    @Nested
    class Listing_my_videos {
        @Test
        void lists_my_videos_with_name_status_and_views_and_none_of_anybody_else() {
            JsonNode mine = ann.get("/creators/videos").json().path("videos");
            assertThat(mine.findValuesAsText("id")).contains(video);
            assertThat(mine.findValuesAsText("name")).contains("Ann's intro");
            assertThat(bob.get("/creators/videos").json().path("videos").findValuesAsText("id")).doesNotContain(video);
        }

        @Test
        void answers_one_of_my_videos_and_404_for_anybody_else_or_no_video() {
            assertThat(ann.get("/creators/videos/" + video).json().path("name").asText()).isEqualTo("Ann's intro");
            assertError(bob.get("/creators/videos/" + video), 404, "not_found", null);
            assertError(ann.get("/creators/videos/" + UUID.randomUUID()), 404, "not_found", null);
        }

        @Test
        void answers_400_for_an_id_that_is_not_one_and_401_without_a_session() {
            assertError(ann.get("/creators/videos/not-an-id"), 400, "invalid_input", "videoId");
            assertError(server.client().get("/creators/videos"), 401, "unauthorized", null);
            assertError(server.client().get("/creators/videos/" + video), 401, "unauthorized", null);
        }
    }

    @Nested
    class Naming {
        @Test
        void names_my_video_and_the_lists_show_the_name() {
            String mine = published(ann, publish(ann, "https://example.org/to-name.mp4")).path("id").asText();

            TestResponse response = ann.postJson("/creators/videos/" + mine + "/name", "{\"name\":\"  Event sourcing 101 \"}");

            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.json().path("name").asText()).isEqualTo("Event sourcing 101");
            DemoTesting.eventually(ann, "/creators/videos/" + mine, r -> r.json().path("name").asText().equals("Event sourcing 101"));
            DemoTesting.eventually(server.client(), "/home-page", r -> r.body().contains("Event sourcing 101"));
        }

        @Test
        void answers_400_with_the_components_reason_for_an_empty_a_long_or_a_control_character_name() {
            TestResponse empty = ann.postJson("/creators/videos/" + video + "/name", "{\"name\":\" \"}");
            assertError(empty, 400, "invalid_input", "name");
            assertThat(empty.json().path("message").asText()).isEqualTo("a name must not be empty");
            assertThat(ann.postJson("/creators/videos/" + video + "/name", "{\"name\":\"" + "x".repeat(101) + "\"}")
                    .json().path("message").asText()).isEqualTo("a name must be at most 100 characters, was 101");
            assertError(ann.postJson("/creators/videos/" + video + "/name", "{\"name\":\"line\\nbreak\"}"), 400,
                    "invalid_input", "name");
            assertError(ann.postJson("/creators/videos/" + video + "/name", "{\"name\":\"" + "x".repeat(5000) + "\"}"), 400,
                    "invalid_input", "name");
            assertError(ann.postJson("/creators/videos/" + video + "/name", "{}"), 400, "invalid_input", "name");
        }

        @Test
        void answers_403_to_another_user_and_records_the_rejection_in_the_videos_stream() {
            assertError(bob.postJson("/creators/videos/" + video + "/name", "{\"name\":\"Bob's now\"}"), 403, "forbidden", null);

            assertThat(stored("videoPublishing-" + video)).extracting(Message::type).contains("VideoNameRejected");
            assertThat(ann.get("/creators/videos/" + video).json().path("name").asText()).isEqualTo("Ann's intro");
        }

        @Test
        void answers_404_for_no_video_400_for_an_id_that_is_not_one_and_401_without_a_session() {
            assertError(ann.postJson("/creators/videos/" + UUID.randomUUID() + "/name", "{\"name\":\"x\"}"), 404, "not_found", null);
            assertError(ann.postJson("/creators/videos/nope/name", "{\"name\":\"x\"}"), 400, "invalid_input", "videoId");
            assertError(server.client().postJson("/creators/videos/" + video + "/name", "{\"name\":\"x\"}"), 401,
                    "unauthorized", null);
        }

        @Test
        void of_two_videos_named_alike_at_the_same_moment_one_gets_the_name_and_the_other_409() throws Exception {
            String first = published(ann, publish(ann, "https://example.org/twin-1.mp4")).path("id").asText();
            String second = published(ann, publish(ann, "https://example.org/twin-2.mp4")).path("id").asText();
            String name = "Twins " + UUID.randomUUID();
            java.util.concurrent.CyclicBarrier go = new java.util.concurrent.CyclicBarrier(2);

            List<TestResponse> responses;
            try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                var a = threads.submit(() -> {
                    go.await();
                    return ann.postJson("/creators/videos/" + first + "/name", "{\"name\":\"" + name + "\"}");
                });
                var b = threads.submit(() -> {
                    go.await();
                    return ann.postJson("/creators/videos/" + second + "/name", "{\"name\":\"" + name.toUpperCase() + "\"}");
                });
                responses = List.of(a.get(), b.get());
            }

            assertThat(responses).extracting(TestResponse::status).containsExactlyInAnyOrder(200, 409);
            TestResponse refused = responses.stream().filter(r -> r.status() == 409).findFirst().orElseThrow();
            assertError(refused, 409, "conflict", null);
            assertThat(refused.json().path("message").asText()).contains("you already have a video named");
            // bob may use the name: it is unique per creator
            String bobs = published(bob, publish(bob, "https://example.org/twin-bob.mp4")).path("id").asText();
            assertThat(bob.postJson("/creators/videos/" + bobs + "/name", "{\"name\":\"" + name + "\"}").status()).isEqualTo(200);
        }

        @Test
        void answers_409_for_a_video_that_could_not_be_published() {
            String failed = published(ann, publish(ann, "https://example.org/notes.txt")).path("id").asText();

            assertError(ann.postJson("/creators/videos/" + failed + "/name", "{\"name\":\"Notes\"}"), 409, "conflict", null);
        }
    }

    @Nested
    class Recording_viewings {
        @Test
        void records_an_anonymous_viewing_and_the_home_page_counts_it() {
            long before = videosWatched();

            TestResponse response = server.client().post("/record-viewing/" + video);

            assertThat(response.status()).isEqualTo(202);
            assertThat(response.header("X-Correlation-Id")).isNotBlank();
            Eventually.within(WAIT).until(VideosEndToEndTest::videosWatched, watched -> watched >= before + 1);
        }

        @Test
        void records_who_watched_when_logged_in() {
            assertThat(ann.post("/record-viewing/" + video).status()).isEqualTo(202);

            assertThat(stored("viewing-" + video)).extracting(m -> m.data()).anyMatch(data -> data.contains(annId));
        }

        @Test
        void answers_404_for_a_video_that_is_not_published_and_400_for_an_id_that_is_not_one() {
            String failed = published(ann, publish(ann, "https://example.org/broken.doc")).path("id").asText();
            assertError(server.client().post("/record-viewing/" + UUID.randomUUID()), 404, "not_found", null);
            assertError(server.client().post("/record-viewing/" + failed), 404, "not_found", null);
            assertError(server.client().post("/record-viewing/x"), 400, "invalid_input", "videoId");
        }

        @Test
        void from_one_client_are_stored_30_at_once_then_answered_429_with_nothing_stored() {
            HttpTestClient eager = server.client().header("X-Forwarded-For", "203.0.113.7");
            int before = stored("viewing-" + video).size();
            int accepted = 0;
            TestResponse answer = eager.post("/record-viewing/" + video);
            // 30 at once, one more a second: a slow run may earn a few more before the first refusal
            for (int tries = 1; answer.status() == 202 && tries < 90; tries++) {
                accepted++;
                answer = eager.post("/record-viewing/" + video);
            }

            assertError(answer, 429, "too_many_requests", null);
            assertThat(Long.parseLong(answer.header("Retry-After"))).isPositive();
            assertThat(accepted).isGreaterThanOrEqualTo(30);
            assertThat(stored("viewing-" + video)).hasSize(before + accepted);
            assertThat(server.client().header("X-Forwarded-For", "203.0.113.8").post("/record-viewing/" + video)
                    .status()).as("a client of another address").isEqualTo(202);
        }

        @Test
        void shows_the_most_watched_videos_first_on_the_home_page() {
            String other = published(bob, publish(bob, "https://example.org/bob.mp4")).path("id").asText();
            for (int i = 0; i < 3; i++) {
                server.client().post("/record-viewing/" + video);
            }
            server.client().post("/record-viewing/" + other);

            TestResponse page = DemoTesting.eventually(server.client(), "/home-page",
                    r -> r.json().path("mostWatched").findValuesAsText("id").contains(other));
            List<String> order = page.json().path("mostWatched").findValuesAsText("id");
            assertThat(order.indexOf(video)).isLessThan(order.indexOf(other));
            assertThat(page.json().path("videos").findValuesAsText("id")).contains(video, other);
        }
    }

    @Nested
    class The_live_home_page {
        @Test
        void pushes_the_new_count_over_websocket_to_anonymous_visitors() throws Exception {
            try (WebSocketStream socket = server.client().webSocket("/home-page-events")) {
                long before = videosWatched();
                server.client().post("/record-viewing/" + video);

                JsonNode event = JSON.readTree(socket.next(WAIT));
                while (event.path("data").path("videosWatched").asLong() < before + 1) {
                    event = JSON.readTree(socket.next(WAIT));
                }
                assertThat(event.path("type").asText()).isEqualTo("home-page");
                assertThat(event.path("data").path("mostWatched").findValuesAsText("id")).contains(video);
            }
        }

        @Test
        void pushes_it_over_server_sent_events_too() throws Exception {
            try (SseStream events = server.client().sse("/home-page-events")) {
                assertThat(events.status()).isEqualTo(200);
                long before = videosWatched();
                server.client().post("/record-viewing/" + video);

                JsonNode page = JSON.readTree(events.next("home-page", WAIT).data());
                while (page.path("videosWatched").asLong() < before + 1) {
                    page = JSON.readTree(events.next("home-page", WAIT).data());
                }
                assertThat(page.path("videos").findValuesAsText("id")).contains(video);
            }
        }
    }

    @Nested
    class Analytics {
        @Test
        void counts_my_videos_viewings_per_day_listing_every_day() {
            String mine = published(ann, publish(ann, "https://example.org/analytics.mp4")).path("id").asText();
            server.client().post("/record-viewing/" + mine);
            ann.post("/record-viewing/" + mine);

            TestResponse report = DemoTesting.eventually(ann, "/creators/videos/" + mine + "/analytics?days=7",
                    r -> r.status() == 200 && r.json().path("total").asLong() == 2);

            JsonNode days = report.json().path("days");
            assertThat(days).hasSize(7);
            assertThat(days.get(6).path("day").asText()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
            assertThat(days.get(6).path("views").asLong()).isEqualTo(2);
            assertThat(days.get(0).path("views").asLong()).isZero();
        }

        @Test
        void answers_400_for_days_out_of_range_404_for_anybody_elses_video_and_401_without_a_session() {
            assertError(ann.get("/creators/videos/" + video + "/analytics?days=0"), 400, "invalid_input", "days");
            assertError(ann.get("/creators/videos/" + video + "/analytics?days=lots"), 400, "invalid_input", "days");
            assertError(bob.get("/creators/videos/" + video + "/analytics"), 404, "not_found", null);
            assertError(server.client().get("/creators/videos/" + video + "/analytics"), 401, "unauthorized", null);
        }
    }

    @Test
    void serves_the_pages_at_their_paths() {
        assertThat(server.client().get("/").body()).contains("Videos watched");
        assertThat(server.client().get("/creators").body()).contains("Creators' portal");
        assertThat(server.client().get("/shop.html").body()).contains("Place an order");
    }
}
