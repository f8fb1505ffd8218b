package io.microlith.demo.videos;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.microlith.Microlith;
import io.microlith.bus.Envelope;
import io.microlith.demo.identity.IdentityMessages.CurrentUserResponse;
import io.microlith.demo.identity.Sessions;
import io.microlith.demo.videos.VideoMessages.VideoViewed;
import io.microlith.demo.web.Params;
import io.microlith.demo.web.WriteLimits;
import io.microlith.http.BusRoutes;
import io.microlith.http.ClientConnection;
import io.microlith.http.HttpProblem;
import io.microlith.http.RateLimit;
import io.microlith.http.live.LiveChannel;
import io.microlith.http.live.LiveFeed;

/**
 * What every visitor does (seed 003): {@code GET /home-page} and its live channel {@code /home-page-events}, and
 * {@code POST /record-viewing/{videoId}}, which writes a {@code VideoViewed} event itself (no component decides whether
 * someone watched a video) and answers 202: the home page counts it a moment later.
 */
public final class ViewingRoutes {
    private final Microlith microlith;
    private final Sessions sessions;
    private final HomePage homePage;
    private final LiveFeed feed;
    /** Each viewing stores an event, anonymous ones too: a client address gets 30 at once, then one a second. */
    private final RateLimit viewings = WriteLimits.thirtyThenOneASecond("viewings recorded from this address");

    public ViewingRoutes(Microlith microlith, Sessions sessions, HomePage homePage, LiveFeed feed) {
        this.microlith = microlith;
        this.sessions = sessions;
        this.homePage = homePage;
        this.feed = feed;
    }

    public void mount(Javalin app) {
        app.get("/home-page", ctx -> ctx.json(homePage.read()));
        app.post("/record-viewing/{videoId}", this::recordViewing);
        // the home page is public: every visitor, logged in or not, is of one audience
        LiveChannel.mount(app, "/home-page-events", feed, ctx -> HomePage.AUDIENCE);
    }

    /** Viewings refused with 429 so far: for metrics. */
    public long viewingRefusals() {
        return viewings.refusedCount();
    }

    /**
     * 202 once the viewing is stored; 400 for an id that is not one, 404 for a video that is not published; 429 with
     * {@code Retry-After}, nothing stored, when this client recorded too many ({@link #viewings}).
     */
    void recordViewing(Context ctx) {
        String videoId = Params.uuid(ctx, "videoId");
        if (!homePage.isPublished(videoId)) {
            throw HttpProblem.notFound("No published video " + videoId);
        }
        viewings.acquire(ClientConnection.address(ctx));
        String viewer = sessions.currentUser(ctx).map(CurrentUserResponse::userId).orElse(null);
        BusRoutes.accept(ctx, microlith.eventBus(), Envelope.correlated(new VideoViewed(videoId, viewer)), null);
    }
}
