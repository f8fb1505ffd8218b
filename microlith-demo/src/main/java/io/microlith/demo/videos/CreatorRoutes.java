package io.microlith.demo.videos;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.microlith.Microlith;
import io.microlith.bus.Envelope;
import io.microlith.demo.identity.IdentityMessages.CurrentUserResponse;
import io.microlith.demo.identity.Sessions;
import io.microlith.demo.videos.VideoMessages.NameVideo;
import io.microlith.demo.videos.VideoMessages.NamingOutcome;
import io.microlith.demo.videos.VideoMessages.PublishVideo;
import io.microlith.demo.videos.VideoMessages.VideoNameRejected;
import io.microlith.demo.videos.VideoMessages.VideoNamed;
import io.microlith.demo.web.Params;
import io.microlith.http.BusRoutes;
import io.microlith.http.HttpProblem;
import io.microlith.http.JsonBody;
import io.microlith.demo.web.WriteLimits;
import io.microlith.http.RateLimit;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The creators' portal (seed 003), for logged-in users: publish a video (202: transcoding takes a while), list my videos
 * with their names, status and view counts, name one (only its owner: another user gets 403, and the refusal is
 * recorded in the video's stream), and its viewings per day. A video of someone else is not found for anything but
 * naming, so that ids reveal nothing.
 */
public final class CreatorRoutes {
    /** Names longer than this are refused here, before any command: the component's rule (100) is far below. */
    static final int MAX_NAME_SENT = 1000;

    record PublishBody(String sourceUri) {
        PublishBody {
            VideoRules.sourceProblem(sourceUri).ifPresent(problem -> {
                throw HttpProblem.invalid("sourceUri", problem);
            });
        }
    }

    record NameBody(String name) {
        NameBody {
            if (name == null) {
                throw HttpProblem.invalid("name", "name is required");
            }
            if (name.length() > MAX_NAME_SENT) {
                throw HttpProblem.invalid("name", "a name must be at most " + VideoRules.MAX_NAME + " characters, was "
                        + name.codePointCount(0, name.length()));
            }
        }
    }

    /** The answer to a naming. */
    public record Named(String id, String name) {
    }

    /** My videos. */
    public record VideoList(List<VideoViews.CreatorVideo> videos) {
    }

    private final Microlith microlith;
    private final Sessions sessions;
    private final VideoViews videos;
    private final VideoAnalytics analytics;
    private final Duration deadline;
    private final Clock clock;
    /** Each publish and each name stores a command and its outcome: a user gets 30 at once, then one a second. */
    private final RateLimit changesPerUser = WriteLimits.thirtyThenOneASecond("video changes from this user");

    public CreatorRoutes(Microlith microlith, Sessions sessions, VideoViews videos, VideoAnalytics analytics,
                         Duration deadline, Clock clock) {
        this.microlith = microlith;
        this.sessions = sessions;
        this.videos = videos;
        this.analytics = analytics;
        this.deadline = deadline;
        this.clock = clock;
    }

    public void mount(Javalin app) {
        app.get("/creators/videos", ctx -> ctx.json(new VideoList(videos.videosOf(sessions.requireUser(ctx).userId()))));
        app.post("/creators/videos", this::publish);
        app.get("/creators/videos/{videoId}", ctx -> ctx.json(myVideo(ctx)));
        app.post("/creators/videos/{videoId}/name", this::name);
        app.get("/creators/videos/{videoId}/analytics", this::analytics);
    }

    /** Publishes and names refused with 429 so far: for metrics. */
    public long refusedChanges() {
        return changesPerUser.refusedCount();
    }

    /**
     * 202, empty body, Location of the video to be: the transcode component publishes it (or fails) later; 429 with
     * {@code Retry-After} when this user published and named too often ({@link #changesPerUser}).
     */
    void publish(Context ctx) {
        CurrentUserResponse user = sessions.requireUser(ctx);
        PublishBody body = JsonBody.read(ctx, PublishBody.class);
        changesPerUser.acquire(user.userId());
        String videoId = UUID.randomUUID().toString();
        BusRoutes.accept(ctx, microlith.commandBus(),
                Envelope.correlated(new PublishVideo(videoId, user.userId(), body.sourceUri().strip())),
                "/creators/videos/" + videoId);
    }

    /**
     * 200 with the new name; 400 (field name), 403 (not the owner), 409 (not published, or a name the creator gave
     * another video) as the component decided; 429 with {@code Retry-After} when this user published and named too
     * often ({@link #changesPerUser}).
     */
    void name(Context ctx) {
        CurrentUserResponse user = sessions.requireUser(ctx);
        String videoId = Params.uuid(ctx, "videoId");
        NameBody body = JsonBody.read(ctx, NameBody.class);
        if (videos.upload(videoId).isEmpty()) {
            throw HttpProblem.notFound("No video " + videoId);
        }
        changesPerUser.acquire(user.userId());
        var command = Envelope.correlated(new NameVideo(videoId, user.userId(), body.name()));
        switch (BusRoutes.request(ctx, microlith.commandBus(), command, NamingOutcome.class, deadline, "naming the video")) {
            case VideoNamed named -> ctx.json(new Named(videoId, named.name()));
            case VideoNameRejected rejected -> throw switch (rejected.problem()) {
                case INVALID -> HttpProblem.invalid("name", rejected.reason());
                case NOT_OWNER -> HttpProblem.forbidden(rejected.reason());
                case NOT_PUBLISHED, TAKEN -> HttpProblem.conflict(null, rejected.reason());
            };
        }
    }

    /** {@code ?days=30}: the last days' viewings of my video, every day listed. */
    void analytics(Context ctx) {
        VideoViews.CreatorVideo video = myVideo(ctx);
        int days = (int) Params.number(ctx, "days", 30, 1, VideoAnalytics.MAX_DAYS);
        ctx.json(analytics.report(video.id(), video.name(), LocalDate.now(clock.withZone(ZoneOffset.UTC)), days));
    }

    private VideoViews.CreatorVideo myVideo(Context ctx) {
        CurrentUserResponse user = sessions.requireUser(ctx);
        String videoId = Params.uuid(ctx, "videoId");
        return videos.videoOf(user.userId(), videoId).orElseThrow(() -> HttpProblem.notFound("No video " + videoId + " of yours"));
    }
}
