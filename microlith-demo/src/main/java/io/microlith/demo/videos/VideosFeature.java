package io.microlith.demo.videos;

import io.javalin.Javalin;
import io.microlith.demo.web.Refusals;
import io.microlith.Microlith;
import io.microlith.MicrolithConfig;
import io.microlith.component.Boundary;
import io.microlith.component.Decider;
import io.microlith.demo.DemoSettings;
import io.microlith.demo.identity.Sessions;
import io.microlith.demo.videos.VideoMessages.NameVideo;
import io.microlith.demo.videos.VideoMessages.PublishVideo;
import io.microlith.demo.videos.VideoMessages.VideoCommand;
import io.microlith.demo.videos.VideoMessages.VideoEvent;
import io.microlith.demo.videos.VideoMessages.VideoNamed;
import io.microlith.demo.videos.VideoMessages.VideoViewed;
import io.microlith.demo.videos.VideoPublishing.NameHolders;
import io.microlith.demo.videos.VideoPublishing.Video;
import io.microlith.demo.views.ViewDatabase;
import io.microlith.demo.web.Pages;
import io.microlith.http.HttpFeature;
import io.microlith.http.live.LiveFeed;

import io.microlith.message.Message;
import io.microlith.store.MessageQuery;

import java.util.List;
import java.time.Clock;
import java.util.Optional;

/**
 * Video tutorials (seed 003, "Practical Microservices"), the seed's one-way flow: the web application writes commands
 * and viewings to the store; the video-publishing component (the {@code videos} role) transcodes and names videos; the
 * aggregators (the {@code views} role) bake the home page, the creators' lists and the analytics into the view database;
 * the web application (the {@code web} role) reads them, and pushes the home page to every open page.
 *
 * <p>Naming is routed apart from publishing ({@code videoNaming:command} beside {@code videoPublishing:command}), so
 * that a name is never queued behind a transcoding; both are the same component's, for the same video streams. A name
 * is unique per creator across their videos: the component's boundary is the namings tagged with the name (decision
 * 0084).
 */
public final class VideosFeature implements HttpFeature, Refusals {
    private final DemoSettings settings;
    private final LiveFeed feed;
    private final VideoViews videos;
    private final HomePage homePage;
    private final VideoAnalytics analytics;
    private Microlith microlith;
    private ViewingRoutes viewings;
    private CreatorRoutes creators;

    public VideosFeature(DemoSettings settings, ViewDatabase views, LiveFeed feed) {
        this.settings = settings;
        this.feed = feed;
        this.videos = new VideoViews(views);
        this.homePage = new HomePage(views, feed);
        this.analytics = new VideoAnalytics(views);
    }

    @Override
    public void configure(MicrolithConfig config) {
        config.route(PublishVideo.class, "videoPublishing:command", PublishVideo::videoId)
                .route(NameVideo.class, "videoNaming:command", NameVideo::videoId)
                .route(VideoEvent.class, "videoPublishing", VideoEvent::videoId)
                .route(VideoViewed.class, "viewing", VideoViewed::videoId);
    }

    @Override
    public void wire(Microlith microlith) {
        this.microlith = microlith;
        if (settings.runs("videos")) {
            String named = microlith.types().typeName(VideoNamed.class);
            var publishing = new VideoPublishing(new SimulatedTranscoder(settings.transcodeDelay()),
                    (ownerId, name) -> holderOf(microlith, named, ownerId, name));
            microlith.component(Decider.of(Video.NONE, publishing::decide, VideoPublishing::evolve))
                    .commands(VideoCommand.class, VideoCommand::videoId)
                    .entities(VideoEvent.class)
                    .boundary(Boundary.<VideoCommand, Video, VideoEvent>of(
                            (command, video) -> VideoPublishing.boundaryTag(command, video).map(tag -> nameQuery(named, tag)),
                            VideoPublishing::tags))
                    .subscribe();
        }
        if (settings.runs("views")) {
            videos.aggregators(microlith, homePage.publisher()).forEach(microlith::register);
            microlith.register(homePage.aggregator(microlith, homePage.publisher()));
            microlith.register(analytics.aggregator(microlith));
        }
    }

    private static MessageQuery nameQuery(String namedType, String tag) {
        return MessageQuery.of(MessageQuery.Item.tagged(tag).types(namedType));
    }

    /** Folds the namings tagged with the name's tag: the last one that gave the name, unless its video gave it up. */
    private static Optional<String> holderOf(Microlith microlith, String namedType, String ownerId, String name) {
        String holder = null;
        for (Message message : microlith.store().readBoundary(nameQuery(namedType, VideoRules.nameTag(ownerId, name))).messages()) {
            holder = NameHolders.next(holder, name, microlith.types().decode(message, VideoNamed.class));
        }
        return Optional.ofNullable(holder);
    }

    @Override
    public List<Count> refusals() {
        return List.of(Count.rateLimit("viewing", () -> viewings == null ? 0 : viewings.viewingRefusals()),
                Count.rateLimit("video-changes", () -> creators == null ? 0 : creators.refusedChanges()));
    }

    @Override
    public void mount(Javalin app) {
        homePage.publishLiveChanges();
        Sessions sessions = new Sessions(microlith.queryBus());
        viewings = new ViewingRoutes(microlith, sessions, homePage, feed);
        viewings.mount(app);
        creators = new CreatorRoutes(microlith, sessions, videos, analytics, settings.deadline(), Clock.systemUTC());
        creators.mount(app);
        Pages.mount(app, "/creators", "creators.html");
    }
}
