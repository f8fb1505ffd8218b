package io.microlith.demo.videos;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class VideoRulesTest {
    @Nested
    class Sources {
        @Test
        void accepts_an_http_or_https_address() {
            assertThat(VideoRules.sourceProblem("https://example.org/talks/intro.mp4?quality=hd")).isEmpty();
            assertThat(VideoRules.sourceProblem("http://media.example.org/a.webm")).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "intro.mp4", "ftp://example.org/a.mp4", "javascript:alert(1)", "https:///a.mp4",
                "https://example.org/a b.mp4", "https://example.org/\u0000.mp4", "https://exa mple.org/a.mp4"})
        void refuses_anything_else(String source) {
            assertThat(VideoRules.sourceProblem(source)).isPresent();
        }

        @Test
        void refuses_an_address_over_2000_characters() {
            assertThat(VideoRules.sourceProblem("https://example.org/" + "a".repeat(2000) + ".mp4"))
                    .hasValueSatisfying(problem -> assertThat(problem).contains("at most 2000 characters"));
        }
    }

    @Nested
    class Formats {
        @Test
        void reads_the_video_formats_whatever_their_case() {
            assertThat(VideoRules.formatProblem("https://example.org/a.MP4")).isEmpty();
            assertThat(VideoRules.formatProblem("https://example.org/dir.mp4/a.webm?x=1")).isEmpty();
        }

        @Test
        void says_what_it_cannot_read() {
            assertThat(VideoRules.formatProblem("https://example.org/a.txt")).contains(
                    "'.txt' is not a video format; upload one of mp4, mov, webm, mkv, m4v, avi, ogv");
            assertThat(VideoRules.formatProblem("https://example.org/movie")).hasValueSatisfying(
                    problem -> assertThat(problem).startsWith("the file has no extension"));
        }
    }

    @Test
    void a_simulated_transcoder_fails_what_it_cannot_read_and_publishes_the_rest() {
        SimulatedTranscoder transcoder = new SimulatedTranscoder(java.time.Duration.ZERO);
        assertThat(transcoder.transcode("v1", "https://example.org/a.mov")).isEqualTo(new Transcoder.Transcoded("/media/v1.mp4"));
        assertThat(transcoder.transcode("v1", "https://example.org/a.doc")).isInstanceOf(Transcoder.Failed.class);
    }
}
