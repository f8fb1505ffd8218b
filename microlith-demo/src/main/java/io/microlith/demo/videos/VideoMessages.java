package io.microlith.demo.videos;

/**
 * The video tutorials' messages (seed 003, "Practical Microservices"): the creators' commands to the video-publishing
 * component, the events of a video's stream ({@code videoPublishing-<videoId>}), and the viewing events the web
 * application writes itself ({@code viewing-<videoId>}). Each family is a sealed interface, so that a route waits for
 * "the outcome of a naming" and {@code switch}es over it exhaustively.
 */
public final class VideoMessages {
    private VideoMessages() {
    }

    /** What the video-publishing component is asked to do, always about one video. */
    public sealed interface VideoCommand permits PublishVideo, NameVideo {
        String videoId();
    }

    /** Publish the video uploaded at {@code sourceUri}: transcode it, then make it public. */
    public record PublishVideo(String videoId, String ownerId, String sourceUri) implements VideoCommand {
    }

    /** Give a video a name; only its owner may (the component checks {@code requesterId}). */
    public record NameVideo(String videoId, String requesterId, String name) implements VideoCommand {
    }

    /** The events of a video's stream. */
    public sealed interface VideoEvent permits PublishingOutcome, NamingOutcome {
        String videoId();
    }

    /** What publishing ends in. */
    public sealed interface PublishingOutcome extends VideoEvent permits VideoPublished, VideoPublishingFailed {
    }

    /** The video was transcoded and is public, named {@value VideoRules#UNTITLED} until its owner names it. */
    public record VideoPublished(String videoId, String ownerId, String sourceUri, String transcodedUri)
            implements PublishingOutcome {
    }

    /** Transcoding failed; the reason is meant for the creator. */
    public record VideoPublishingFailed(String videoId, String ownerId, String sourceUri, String reason)
            implements PublishingOutcome {
    }

    /** What naming ends in. */
    public sealed interface NamingOutcome extends VideoEvent permits VideoNamed, VideoNameRejected {
    }

    /** The video has a new name. */
    public record VideoNamed(String videoId, String name) implements NamingOutcome {
    }

    /**
     * Why a name was refused: a name the rules refuse, a requester who is not the owner, a video not published, a name
     * the owner already gave another of their videos.
     */
    public enum NameProblem { INVALID, NOT_OWNER, NOT_PUBLISHED, TAKEN }

    /** A naming was refused, with the reason, shown to the creator. */
    public record VideoNameRejected(String videoId, String requesterId, String name, NameProblem problem, String reason)
            implements NamingOutcome {
    }

    /**
     * Someone watched a video ({@code viewing-<videoId>}): written by the web application itself, one event per viewing,
     * which a counter could not tell apart (the seed's example of why events beat a counter).
     *
     * @param viewerId the logged-in viewer, {@code null} for an anonymous one
     */
    public record VideoViewed(String videoId, String viewerId) {
    }
}
