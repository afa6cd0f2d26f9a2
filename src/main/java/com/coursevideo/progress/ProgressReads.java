package com.coursevideo.progress;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.database.PgFailures;
import com.coursevideo.database.Rows;
import com.coursevideo.report.CsvCursor;
import com.coursevideo.video.CourseVideo;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads of {@code learner_progress} (its writes are {@link ProgressStore}'s). */
@ApplicationScoped
class ProgressReads {

    private static final String COLUMNS = "video_id, position, watched_seconds, completed, completed_at, last_heartbeat_at";
    /** Null for a video of unknown duration, and where no learner started (least() would skip a null and give 1). */
    private static final String FRACTION = "CASE WHEN v.duration > 0 AND p.watched_seconds IS NOT NULL"
            + " THEN round(least(1, p.watched_seconds / v.duration::numeric), 3) END";
    private static final String SUMMARY = "SELECT v.id, v.lesson_id, count(p.learner) AS started,"
            + " count(p.learner) FILTER (WHERE p.completed) AS completed,"
            + " round(coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY " + FRACTION + "), 0)::numeric, 3)::float8 AS median"
            + " FROM course_videos v LEFT JOIN learner_progress p ON p.video_id = v.id"
            + " WHERE v.course_id = $1 GROUP BY v.id ORDER BY v.lesson_id, v.id";
    static final List<String> EXPORT_HEADER = List.of("learner", "video_id", "lesson_id", "position", "watched_fraction",
            "completed", "completed_at", "updated_at");
    private static final String EXPORT = "SELECT p.learner, v.id, v.lesson_id, p.position, coalesce(" + FRACTION
            + ", 0) AS watched_fraction, p.completed, p.completed_at, p.last_heartbeat_at"
            + " FROM learner_progress p JOIN course_videos v ON v.id = p.video_id"
            + " WHERE v.course_id = $1 ORDER BY v.lesson_id, v.id, p.learner";

    private final Pool pool;
    private final CsvCursor csv;

    ProgressReads(Pool pool, CsvCursor csv) {
        this.pool = pool;
        this.csv = csv;
    }

    /** The learner's progress on the video. */
    Uni<LearnerProgress> find(CourseVideo video, String learner) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM learner_progress WHERE video_id = $1 AND learner = $2")
                .execute(Tuple.of(video.id(), learner))
                .onFailure().transform(PgFailures::translate)
                .map(rows -> {
                    LearnerProgress found = Rows.first(rows, row -> LearnerProgress.from(video.id(), video.duration(), row));
                    return found != null ? found : LearnerProgress.none(video.id());
                });
    }

    /** The learner's progress on each of the videos, in their order. */
    Uni<List<LearnerProgress>> find(List<CourseVideo> videos, String learner) {
        if (videos.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        UUID[] ids = videos.stream().map(CourseVideo::id).toArray(UUID[]::new);
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM learner_progress WHERE learner = $1 AND video_id = ANY($2)")
                .execute(Tuple.of(learner).addArrayOfUUID(ids))
                .onFailure().transform(PgFailures::translate)
                .map(rows -> {
                    Map<UUID, Row> byVideo = new HashMap<>();
                    rows.forEach(row -> byVideo.put(row.getUUID("video_id"), row));
                    return videos.stream().map(video -> {
                        Row row = byVideo.get(video.id());
                        return row == null ? LearnerProgress.none(video.id())
                                : LearnerProgress.from(video.id(), video.duration(), row);
                    }).toList();
                });
    }

    /** Per video of the course, in lesson order: learners who started and completed it, and the median watched fraction. */
    Uni<List<ProgressSummary>> summary(UUID courseId) {
        return pool.preparedQuery(SUMMARY).execute(Tuple.of(courseId))
                .onFailure().transform(PgFailures::translate)
                .map(rows -> Rows.all(rows, row -> new ProgressSummary(row.getUUID("id"), row.getString("lesson_id"),
                        row.getLong("started"), row.getLong("completed"), row.getDouble("median"))));
    }

    /** One CSV record per learner and video of the course, streamed. */
    Multi<String> export(UUID courseId) {
        return csv.records(EXPORT, Tuple.of(courseId), row -> Arrays.asList(row.getString("learner"),
                row.getUUID("id"), row.getString("lesson_id"), row.getDouble("position"),
                row.getBigDecimal("watched_fraction").toPlainString(), row.getBoolean("completed"),
                CsvCursor.utc(row.getOffsetDateTime("completed_at")), CsvCursor.utc(row.getOffsetDateTime("last_heartbeat_at"))));
    }
}
