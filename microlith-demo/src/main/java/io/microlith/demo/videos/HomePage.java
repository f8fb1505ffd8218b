package io.microlith.demo.videos;

import io.microlith.Microlith;
import io.microlith.consumer.ConsumerListener;
import io.microlith.demo.videos.VideoMessages.VideoViewed;
import io.microlith.demo.views.ViewChange;
import io.microlith.demo.views.ViewDatabase;
import io.microlith.http.live.LiveEvent;
import io.microlith.http.live.LiveFeed;
import io.microlith.jdbc.Aggregator;
import io.microlith.jdbc.ViewException;
import io.microlith.jdbc.ViewReader;
import io.microlith.jdbc.ViewTransaction;
import io.microlith.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The home page (seed 003): how many videos have been watched in all and the most watched videos, from the home-page
 * aggregator of {@code VideoViewed} events, and the published videos, from the videos view; told to every open home
 * page on the {@link LiveFeed} once a change has committed.
 *
 * <p>A viewing is counted once however often it is delivered: each row remembers the global position of the last
 * viewing it counted ({@code last_position}), and the aggregator reads its category in global order, so a viewing at
 * or below it has been counted already (decision 0061).
 */
public final class HomePage {
    /** Everyone who has a home page open. */
    public static final String AUDIENCE = "public:home-page";
    /** How many most watched videos the page shows. */
    public static final int MOST_WATCHED = 5;
    /** How many published videos the page lists, newest first. */
    public static final int LISTED = 50;

    /** A published video as everyone sees it. */
    public record PublicVideo(String id, String name, long views, String publishedAt) {
    }

    /** What the home page shows. */
    public record Page(long videosWatched, List<PublicVideo> mostWatched, List<PublicVideo> videos) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(HomePage.class);
    private static final ViewChange CHANGE = new ViewChange("home-page", AUDIENCE, "");
    private static final String PUBLIC_VIDEO = "SELECT v.video_id, COALESCE(v.name, '" + VideoRules.UNTITLED + "'),"
            + " COALESCE(c.views, 0), v.published_at FROM videos v LEFT JOIN video_views c ON c.video_id = v.video_id"
            + " WHERE v.status = 'published'";

    private final ViewDatabase views;
    private final ViewReader reader;
    private final LiveFeed feed;

    public HomePage(ViewDatabase views, LiveFeed feed) {
        this.views = views;
        this.reader = new ViewReader(views::read);
        this.feed = feed;
    }

    /** The home-page aggregator: the total of viewings and each video's count. */
    public Aggregator aggregator(Microlith microlith, Publisher publisher) {
        return Aggregator.builder(microlith.consumerBuilder("viewing", "home-page").listener(publisher), "home-page",
                        views::openWriter)
                .types(microlith.types())
                .reset("DELETE FROM video_views", "UPDATE home_page SET videos_watched = 0, last_position = 0")
                .on(VideoViewed.class, (VideoViewed viewed, Message m, ViewTransaction view) -> {
                    long position = m.globalPosition();
                    int counted = view.update("UPDATE home_page SET videos_watched = videos_watched + 1, last_position = ?"
                            + " WHERE page = 'home' AND last_position < ?", position, position);
                    view.update("INSERT INTO video_views (video_id, views, last_position) VALUES (?, 1, ?)"
                            + " ON CONFLICT (video_id) DO UPDATE SET views = video_views.views + 1,"
                            + " last_position = excluded.last_position WHERE video_views.last_position < excluded.last_position",
                            viewed.videoId(), position);
                    if (counted > 0) {
                        publisher.changed();
                    }
                })
                .build();
    }

    /** The page as the views hold it now. */
    public Page read() {
        long watched = reader.first("SELECT videos_watched FROM home_page WHERE page = 'home'", row -> row.getLong(1))
                .orElse(0L);
        List<PublicVideo> mostWatched = reader.list(PUBLIC_VIDEO + " AND c.views > 0"
                + " ORDER BY c.views DESC, v.published_at DESC LIMIT " + MOST_WATCHED, HomePage::publicVideo);
        List<PublicVideo> videos = reader.list(PUBLIC_VIDEO + " ORDER BY v.published_at DESC LIMIT " + LISTED,
                HomePage::publicVideo);
        return new Page(watched, mostWatched, videos);
    }

    /** Whether {@code videoId} is a published video. */
    public boolean isPublished(String videoId) {
        return reader.first("SELECT 1 FROM videos WHERE video_id = ? AND status = 'published'", row -> true, videoId)
                .isPresent();
    }

    private static PublicVideo publicVideo(ResultSet row) throws SQLException {
        return new PublicVideo(row.getString(1), row.getString(2), row.getLong(3), row.getString(4));
    }

    /**
     * Pushes the page to every open home page in this process when the aggregators (in this process or another)
     * announce a change, reading it back from the views: for the web role. Pages are read and published one at a
     * time, so the last one published is the newest.
     */
    public void publishLiveChanges() {
        views.changes().listen(change -> {
            if (change.kind().equals(CHANGE.kind()) && feed.hasSubscribers(AUDIENCE)) {
                synchronized (this) {
                    try {
                        feed.publish(AUDIENCE, new LiveEvent("home-page", null, read()));
                    } catch (ViewException e) {
                        LOG.warn("Could not read the home page back for its live update: {}", e.toString());
                    }
                }
            }
        });
    }

    /** A publisher for one aggregator whose changes show on the home page (each aggregator needs its own). */
    public Publisher publisher() {
        return new Publisher();
    }

    /**
     * Announces a change of the page once a batch that changed it has committed (its consumer reports the batch after
     * the transaction): a notification never tells of a change that was rolled back.
     */
    public final class Publisher implements ConsumerListener {
        private final AtomicBoolean changed = new AtomicBoolean();

        /** A handler changed the page in the running batch. */
        public void changed() {
            changed.set(true);
        }

        @Override
        public void batchProcessed(long position, int messages) {
            if (changed.getAndSet(false)) {
                views.changes().announce(CHANGE);
            }
        }
    }
}
