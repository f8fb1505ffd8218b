package io.microlith.demo.videos;

/**
 * Turns an uploaded video into the one viewers watch: the outside system the video-publishing component relies on. It
 * may take a while and may fail; it is given to the component's decider as a function.
 */
@FunctionalInterface
public interface Transcoder {
    /** What transcoding ends in. */
    sealed interface Result permits Transcoded, Failed {
    }

    /** Done: viewers watch {@code uri}. */
    record Transcoded(String uri) implements Result {
    }

    /** Not possible, with a reason for the creator. */
    record Failed(String reason) implements Result {
    }

    Result transcode(String videoId, String sourceUri);
}
