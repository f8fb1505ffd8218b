package io.microlith.demo.videos;

import io.microlith.demo.videos.VideoMessages.NameProblem;
import io.microlith.demo.videos.VideoMessages.NameVideo;
import io.microlith.demo.videos.VideoMessages.PublishVideo;
import io.microlith.demo.videos.VideoMessages.VideoCommand;
import io.microlith.demo.videos.VideoMessages.VideoEvent;
import io.microlith.demo.videos.VideoMessages.VideoNameRejected;
import io.microlith.demo.videos.VideoMessages.VideoNamed;
import io.microlith.demo.videos.VideoMessages.VideoPublished;
import io.microlith.demo.videos.VideoMessages.VideoPublishingFailed;

import java.util.List;

/**
 * The video entity ({@code videoPublishing-<videoId>}) and its commands as a decider (seed 003's video-publishing
 * component): a video is published once, by transcoding it (the {@link Transcoder} is given, as the outside world it
 * is), and then named by its owner only. A name the rules refuse, a requester who is not the owner and a video not
 * published are rejections recorded in the stream, never exceptions.
 */
public final class VideoPublishing {
    /** The life of a video: unknown, then published or failed. */
    public enum Status { NEW, PUBLISHED, FAILED }

    /** A video as folded from its stream. */
    public record Video(Status status, String ownerId, String name) {
        public static final Video NONE = new Video(Status.NEW, null, null);
    }

    private final Transcoder transcoder;

    public VideoPublishing(Transcoder transcoder) {
        this.transcoder = transcoder;
    }

    /** Publishing a video twice does nothing the second time; naming always ends in a name or a rejection. */
    public List<VideoEvent> decide(VideoCommand command, Video video) {
        return switch (command) {
            case PublishVideo publish -> video.status() != Status.NEW ? List.of() : List.of(publish(publish));
            case NameVideo name -> List.of(name(name, video));
        };
    }

    private VideoEvent publish(PublishVideo publish) {
        return switch (transcoder.transcode(publish.videoId(), publish.sourceUri())) {
            case Transcoder.Transcoded done -> new VideoPublished(publish.videoId(), publish.ownerId(), publish.sourceUri(),
                    done.uri());
            case Transcoder.Failed failed -> new VideoPublishingFailed(publish.videoId(), publish.ownerId(),
                    publish.sourceUri(), failed.reason());
        };
    }

    private static VideoEvent name(NameVideo name, Video video) {
        if (video.status() == Status.NEW) {
            return reject(name, NameProblem.NOT_PUBLISHED, "the video is not published yet; name it once it is");
        }
        if (!video.ownerId().equals(name.requesterId())) {
            return reject(name, NameProblem.NOT_OWNER, "only the video's owner may name it");
        }
        if (video.status() == Status.FAILED) {
            return reject(name, NameProblem.NOT_PUBLISHED, "the video could not be published; publish it again");
        }
        return VideoRules.nameProblem(name.name())
                .<VideoEvent>map(problem -> reject(name, NameProblem.INVALID, problem))
                .orElseGet(() -> new VideoNamed(name.videoId(), VideoRules.normalizeName(name.name())));
    }

    private static VideoNameRejected reject(NameVideo name, NameProblem problem, String reason) {
        return new VideoNameRejected(name.videoId(), name.requesterId(), name.name(), problem, reason);
    }

    public static Video evolve(Video video, VideoEvent event) {
        return switch (event) {
            case VideoPublished published -> new Video(Status.PUBLISHED, published.ownerId(), VideoRules.UNTITLED);
            case VideoPublishingFailed failed -> new Video(Status.FAILED, failed.ownerId(), null);
            case VideoNamed named -> new Video(video.status(), video.ownerId(), named.name());
            case VideoNameRejected rejected -> video;
        };
    }
}
