package io.microlith.demo.videos;

import java.time.Duration;

/**
 * The demo's transcoder: takes {@code delay} (the {@code --transcode-ms} setting) as a real one would take minutes,
 * refuses a file whose extension is not a video format ({@link VideoRules#formatProblem}) and otherwise "produces" the
 * video under {@code /media/<videoId>.mp4}.
 */
public final class SimulatedTranscoder implements Transcoder {
    private final Duration delay;

    public SimulatedTranscoder(Duration delay) {
        this.delay = delay;
    }

    @Override
    public Result transcode(String videoId, String sourceUri) {
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                // stopping: the command is handled again after restart, so give up rather than pretend
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Transcoding of video " + videoId + " was interrupted", e);
            }
        }
        return VideoRules.formatProblem(sourceUri).<Result>map(Failed::new)
                .orElseGet(() -> new Transcoded("/media/" + videoId + ".mp4"));
    }
}
