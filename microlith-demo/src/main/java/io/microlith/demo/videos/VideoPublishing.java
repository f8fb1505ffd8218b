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

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The video entity ({@code videoPublishing-<videoId>}) and its commands as a decider (seed 003's video-publishing
 * component): a video is published once, by transcoding it (the {@link Transcoder} is given, as the outside world it
 * is), and then named by its owner only. A name the rules refuse, a requester who is not the owner, a video not
 * published and a name the owner already gave another video are rejections recorded in the stream, never exceptions.
 *
 * <p>A name is unique per creator across all their videos' streams (decision 0084): the decider asks the given
 * {@link NameHolders} which video holds a name, and the component writes the outcome under the append condition of
 * {@link #boundary}, so two videos named alike at once cannot both win.
 */
public final class VideoPublishing {
    /** The life of a video: unknown, then published or failed. */
    public enum Status { NEW, PUBLISHED, FAILED }

    /** A video as folded from its stream. */
    public record Video(Status status, String ownerId, String name) {
        public static final Video NONE = new Video(Status.NEW, null, null);
    }

    /** Which video of a creator holds a name: the fold of the {@code VideoNamed} events tagged with the name's tag. */
    @FunctionalInterface
    public interface NameHolders {
        /** The video of {@code ownerId} named {@code name} (any case), if one is. */
        Optional<String> holderOf(String ownerId, String name);

        /** The holder after {@code named}, of the name {@code name}, when {@code holder} held it before. */
        static String next(String holder, String name, VideoNamed named) {
            if (named.name().equalsIgnoreCase(name)) {
                return named.videoId();
            }
            return named.videoId().equals(holder) ? null : holder;
        }
    }

    private final Transcoder transcoder;
    private final NameHolders names;

    public VideoPublishing(Transcoder transcoder, NameHolders names) {
        this.transcoder = transcoder;
        this.names = names;
    }

    /**
     * The consistency boundary of a naming: the {@code VideoNamed} events tagged with the owner's new name; empty for a
     * command that cannot name the video anyway (no owner yet, an invalid name).
     */
    public static Optional<String> boundaryTag(VideoCommand command, Video video) {
        if (!(command instanceof NameVideo name) || video.ownerId() == null || name.name() == null
                || VideoRules.nameProblem(name.name()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(VideoRules.nameTag(video.ownerId(), name.name()));
    }

    /** The tags of an event: a naming carries its new name's tag and the tag of the name it gives up. */
    public static List<String> tags(Video video, VideoEvent event) {
        if (!(event instanceof VideoNamed named)) {
            return List.of();
        }
        List<String> tags = new ArrayList<>(2);
        tags.add(VideoRules.nameTag(video.ownerId(), named.name()));
        if (video.name() != null && !video.name().equalsIgnoreCase(named.name())) {
            tags.add(VideoRules.nameTag(video.ownerId(), video.name()));
        }
        return tags;
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

    private VideoEvent name(NameVideo name, Video video) {
        if (video.status() == Status.NEW) {
            return reject(name, NameProblem.NOT_PUBLISHED, "the video is not published yet; name it once it is");
        }
        if (!video.ownerId().equals(name.requesterId())) {
            return reject(name, NameProblem.NOT_OWNER, "only the video's owner may name it");
        }
        if (video.status() == Status.FAILED) {
            return reject(name, NameProblem.NOT_PUBLISHED, "the video could not be published; publish it again");
        }
        Optional<String> problem = VideoRules.nameProblem(name.name());
        if (problem.isPresent()) {
            return reject(name, NameProblem.INVALID, problem.get());
        }
        String wanted = VideoRules.normalizeName(name.name());
        Optional<String> holder = names.holderOf(video.ownerId(), wanted).filter(other -> !other.equals(name.videoId()));
        if (holder.isPresent()) {
            return reject(name, NameProblem.TAKEN, "you already have a video named '" + wanted + "'; choose another name");
        }
        return new VideoNamed(name.videoId(), wanted);
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
