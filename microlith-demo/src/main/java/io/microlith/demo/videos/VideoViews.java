package io.microlith.demo.videos;

import io.microlith.Microlith;
import io.microlith.demo.videos.VideoMessages.PublishVideo;
import io.microlith.demo.videos.VideoMessages.VideoNamed;
import io.microlith.demo.videos.VideoMessages.VideoPublished;
import io.microlith.demo.videos.VideoMessages.VideoPublishingFailed;
import io.microlith.demo.views.ViewDatabase;
import io.microlith.jdbc.Aggregator;
import io.microlith.jdbc.ViewReader;
import io.microlith.jdbc.ViewTransaction;
import io.microlith.message.Message;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The creators' views of their videos (seed 003): an upload from each {@code PublishVideo} command (so that a video is
 * listed, <em>transcoding</em>, before the component has decided), and each video's status and name from its events.
 * Both aggregators keep their own table and apply a message again without effect: uploads are inserted once, and a
 * video's row moves only forward, to the stream position of the event it reflects.
 */
public final class VideoViews {
    /** One of a creator's videos: {@code status} is {@code transcoding}, {@code published} or {@code failed} (with {@code reason}). */
    public record CreatorVideo(String id, String name, String status, String reason, String sourceUri, String transcodedUri,
                               long views, String uploadedAt, String updatedAt) {
    }

    /** Who uploaded a video, and whether it is published. */
    public record Upload(String videoId, String ownerId, boolean published) {
    }

    /** The most videos a creator's list shows, newest first. */
    public static final int MAX_LISTED = 200;

    private static final String CREATOR_VIDEO = "SELECT u.video_id, COALESCE(v.name, '" + VideoRules.UNTITLED + "'),"
            + " COALESCE(v.status, 'transcoding'), v.reason, u.source_uri, v.transcoded_uri, COALESCE(c.views, 0),"
            + " u.uploaded_at, COALESCE(v.updated_at, u.uploaded_at)"
            + " FROM video_uploads u LEFT JOIN videos v ON v.video_id = u.video_id"
            + " LEFT JOIN video_views c ON c.video_id = u.video_id";
    private static final String UPSERT_VIDEO = "INSERT INTO videos (video_id, owner_id, status, name, transcoded_uri,"
            + " reason, published_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (video_id) DO UPDATE SET status = excluded.status, name = excluded.name,"
            + " transcoded_uri = excluded.transcoded_uri, reason = excluded.reason, published_at = excluded.published_at,"
            + " updated_at = excluded.updated_at, version = excluded.version WHERE excluded.version > videos.version";

    private final ViewDatabase views;
    private final ViewReader reader;

    public VideoViews(ViewDatabase views) {
        this.views = views;
        this.reader = new ViewReader(views::read);
    }

    /**
     * The uploads and videos aggregators; {@code homePage} hears the videos aggregator's batches and is told when a
     * published video or its name changed (the home page lists them).
     */
    public List<Aggregator> aggregators(Microlith microlith, HomePage.Publisher homePage) {
        return List.of(
                Aggregator.builder(microlith, "videoPublishing:command", "videos-view.uploads", views::openWriter)
                        .reset("DELETE FROM video_uploads")
                        .on(PublishVideo.class, (PublishVideo publish, Message m, ViewTransaction view) -> upload(publish, m, view))
                        .build(),
                Aggregator.builder(microlith.consumerBuilder("videoPublishing", "videos-view.videos").listener(homePage),
                                "videos-view.videos", views::openWriter)
                        .types(microlith.types())
                        .reset("DELETE FROM videos")
                        .on(VideoPublished.class, (VideoPublished published, Message m, ViewTransaction view) -> {
                            if (view.update(UPSERT_VIDEO, published.videoId(), published.ownerId(), "published",
                                    VideoRules.UNTITLED, published.transcodedUri(), null, time(m), time(m), m.position()) > 0) {
                                homePage.changed();
                            }
                        })
                        .on(VideoPublishingFailed.class, (VideoPublishingFailed failed, Message m, ViewTransaction view) ->
                                view.update(UPSERT_VIDEO, failed.videoId(), failed.ownerId(), "failed", null, null,
                                        failed.reason(), null, time(m), m.position()))
                        .on(VideoNamed.class, (VideoNamed named, Message m, ViewTransaction view) -> {
                            if (view.update("UPDATE videos SET name = ?, updated_at = ?, version = ?"
                                    + " WHERE video_id = ? AND version < ?", named.name(), time(m), m.position(),
                                    named.videoId(), m.position()) > 0) {
                                homePage.changed();
                            }
                        })
                        .build());
    }

    private static void upload(PublishVideo publish, Message message, ViewTransaction view) throws SQLException {
        view.update("INSERT INTO video_uploads (video_id, owner_id, source_uri, uploaded_at, position)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", publish.videoId(), publish.ownerId(), publish.sourceUri(), time(message),
                message.globalPosition());
    }

    private static String time(Message message) {
        return message.time().toString();
    }

    /** The owner's videos, newest first, at most {@value #MAX_LISTED}. */
    public List<CreatorVideo> videosOf(String ownerId) {
        return reader.list(CREATOR_VIDEO + " WHERE u.owner_id = ? ORDER BY u.position DESC LIMIT " + MAX_LISTED,
                VideoViews::creatorVideo, ownerId);
    }

    /** The owner's video {@code videoId}; empty when there is none or it is someone else's. */
    public Optional<CreatorVideo> videoOf(String ownerId, String videoId) {
        return reader.first(CREATOR_VIDEO + " WHERE u.video_id = ? AND u.owner_id = ?", VideoViews::creatorVideo,
                videoId, ownerId);
    }

    /** The upload of {@code videoId}, whoever owns it; empty when nobody uploaded it. */
    public Optional<Upload> upload(String videoId) {
        return reader.first("SELECT u.video_id, u.owner_id, v.status FROM video_uploads u"
                        + " LEFT JOIN videos v ON v.video_id = u.video_id WHERE u.video_id = ?",
                row -> new Upload(row.getString(1), row.getString(2), "published".equals(row.getString(3))), videoId);
    }

    private static CreatorVideo creatorVideo(ResultSet row) throws SQLException {
        return new CreatorVideo(row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5),
                row.getString(6), row.getLong(7), row.getString(8), row.getString(9));
    }
}
