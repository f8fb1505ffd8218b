package io.microlith.demo.videos;

import io.microlith.Microlith;
import io.microlith.demo.videos.VideoMessages.VideoViewed;
import io.microlith.demo.views.ViewDatabase;
import io.microlith.jdbc.Aggregator;
import io.microlith.jdbc.ViewReader;
import io.microlith.jdbc.ViewTransaction;
import io.microlith.message.Message;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Analytics for creators (seed 003: "an analytics component that creators can use to view trends"): viewings per video
 * per day (UTC), from the {@code VideoViewed} events, counted once however often they are delivered (each row keeps the
 * global position of the last viewing it counted, as the home page's rows do).
 */
public final class VideoAnalytics {
    /** The most days one answer covers. */
    public static final int MAX_DAYS = 366;

    /** Viewings of one day. */
    public record Day(String day, long views) {
    }

    /** A video's viewings per day from {@code from} to {@code to}, every day listed (0 when nobody watched). */
    public record Report(String videoId, String name, String from, String to, long total, List<Day> days) {
    }

    private final ViewDatabase views;
    private final ViewReader reader;

    public VideoAnalytics(ViewDatabase views) {
        this.views = views;
        this.reader = new ViewReader(views::read);
    }

    /** The analytics aggregator. */
    public Aggregator aggregator(Microlith microlith) {
        return Aggregator.builder(microlith, "viewing", "video-analytics", views::openWriter)
                .reset("DELETE FROM video_views_by_day")
                .on(VideoViewed.class, (VideoViewed viewed, Message m, ViewTransaction view) -> view.update(
                        "INSERT INTO video_views_by_day (video_id, day, views, last_position) VALUES (?, ?, 1, ?)"
                                + " ON CONFLICT (video_id, day) DO UPDATE SET views = video_views_by_day.views + 1,"
                                + " last_position = excluded.last_position"
                                + " WHERE video_views_by_day.last_position < excluded.last_position",
                        viewed.videoId(), LocalDate.ofInstant(m.time(), ZoneOffset.UTC).toString(), m.globalPosition()))
                .build();
    }

    /** The viewings of {@code videoId} (named {@code name}) on each of the {@code days} days up to {@code today}. */
    public Report report(String videoId, String name, LocalDate today, int days) {
        LocalDate from = today.minusDays(days - 1L);
        Map<String, Long> counted = new HashMap<>();
        reader.list("SELECT day, views FROM video_views_by_day WHERE video_id = ? AND day >= ? AND day <= ?",
                        row -> new Day(row.getString(1), row.getLong(2)), videoId, from.toString(), today.toString())
                .forEach(day -> counted.put(day.day(), day.views()));
        return report(videoId, name, from, today, counted);
    }

    /** Every day from {@code from} to {@code to}, with its count in {@code counted} or 0. */
    static Report report(String videoId, String name, LocalDate from, LocalDate to, Map<String, Long> counted) {
        List<Day> days = new ArrayList<>();
        long total = 0;
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            long views = counted.getOrDefault(day.toString(), 0L);
            days.add(new Day(day.toString(), views));
            total += views;
        }
        return new Report(videoId, name, from.toString(), to.toString(), total, days);
    }
}
