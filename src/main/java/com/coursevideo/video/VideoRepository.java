package com.coursevideo.video;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.cloudflare.CloudflareOutbox;
import com.coursevideo.cloudflare.CloudflareOutbox.Action;
import com.coursevideo.database.PgFailures;
import com.coursevideo.database.Rows;
import com.coursevideo.error.ErrorCode;
import com.coursevideo.error.VideoError;
import com.coursevideo.http.Page;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class VideoRepository {

    private static final String SELECT = "SELECT " + CourseVideo.COLUMNS + " FROM course_videos";
    /**
     * Refuses (no row) a uid whose Cloudflare deletion is still queued: the queue would delete the
     * new video's media. A video that requires signed URLs is not known to be protected until
     * Cloudflare confirmed the setting, which the same statement queues.
     */
    private static final String INSERT = "WITH created AS (INSERT INTO course_videos (course_id, lesson_id,"
            + " cloudflare_video_id, title, description, duration, thumbnail_url, status, processing_progress, metadata,"
            + " require_signed_urls, available_from, available_until, signed_urls_enforced)"
            + " SELECT $1, $2, $3, $4, $5, $6, $7, $8::video_status, $9, $10::text::jsonb, $11, $12, $13, NOT $11"
            + " WHERE NOT EXISTS (SELECT 1 FROM cloudflare_outbox WHERE cloudflare_video_id = $3"
            + " AND action = 'delete')"
            + " RETURNING " + CourseVideo.COLUMNS + "),"
            + " queued AS (" + CloudflareOutbox.queueFrom("created WHERE require_signed_urls", Action.REQUIRE_SIGNED_URLS)
            + ") SELECT * FROM created";
    private static final String STATS = "SELECT count(*) AS total,"
            + " count(*) FILTER (WHERE status = 'ready') AS ready,"
            + " count(*) FILTER (WHERE status = 'queued') AS queued,"
            + " count(*) FILTER (WHERE status = 'inprogress') AS inprogress,"
            + " count(*) FILTER (WHERE status = 'error') AS error,"
            + " coalesce(sum(duration), 0) AS total_duration"
            + " FROM course_videos WHERE course_id = $1";

    private final Pool pool;

    VideoRepository(Pool pool) {
        this.pool = pool;
    }

    /** Fails with DUPLICATE_VIDEO or COURSE_NOT_FOUND when a constraint says so. */
    Uni<CourseVideo> insert(NewVideo video) {
        Tuple arguments = Tuple.tuple(Arrays.asList(video.courseId(), video.lessonId(),
                video.cloudflareVideoId(), video.title(), video.description(), video.duration(),
                video.thumbnailUrl(), video.status().value(), video.processingProgress(),
                video.metadata() == null ? null : video.metadata().toString(), video.requireSignedUrls(),
                video.window().from(), video.window().until()));
        return query(INSERT, arguments)
                .onFailure(PgFailures.violated("course_videos_course_id_fkey"))
                .transform(missing -> VideoError.courseNotFound(video.courseId()))
                .map(VideoRepository::single)
                .onItem().ifNull().failWith(() -> new VideoError(ErrorCode.DUPLICATE_VIDEO,
                        "cloudflare_video_id is still being deleted at Cloudflare; upload the video again"));
    }

    /** One page of a search, with one row more than the page when more remain. */
    Uni<List<CourseVideo>> search(VideoSearch search, Page page, Duration stuckAfter) {
        VideoSearch.Sql sql = search.sql(page, stuckAfter);
        return query(SELECT + " WHERE " + sql.where(), sql.arguments()).map(rows -> Rows.all(rows, CourseVideo::from));
    }

    /** The video, or null. */
    Uni<CourseVideo> findById(UUID id) {
        return query(SELECT + " WHERE id = $1", Tuple.of(id)).map(VideoRepository::single);
    }

    /** The course's video for that lesson, or null. */
    Uni<CourseVideo> findByLesson(UUID courseId, String lessonId) {
        return query(SELECT + " WHERE course_id = $1 AND lesson_id = $2", Tuple.of(courseId, lessonId))
                .map(VideoRepository::single);
    }

    /** The course's videos ordered by lesson; all of them when {@code status} is null. */
    Uni<List<CourseVideo>> listByCourse(UUID courseId, VideoStatus status) {
        Uni<RowSet<Row>> rows = status == null
                ? query(SELECT + " WHERE course_id = $1 ORDER BY lesson_id", Tuple.of(courseId))
                : query(SELECT + " WHERE course_id = $1 AND status = $2::video_status ORDER BY lesson_id",
                        Tuple.of(courseId, status.value()));
        return rows.map(all -> Rows.all(all, CourseVideo::from));
    }

    /**
     * The video after an update, where it stood in the cache before, and whether its
     * require_signed_urls changed (and so was queued for Cloudflare).
     */
    record Updated(CourseVideo video, VideoState before, boolean signingChanged) {
    }

    /** Applies the patch; null when there is no such video. */
    Uni<Updated> update(UUID id, VideoPatch patch) {
        return update(id, patch, "", List.of());
    }

    /**
     * Applies the patch when {@code condition} (SQL over the row {@code v}, its parameters after the
     * patch's) holds; null when there is no such video or it does not hold.
     */
    private Uni<Updated> update(UUID id, VideoPatch patch, String condition, List<Object> conditionArguments) {
        List<Object> arguments = new ArrayList<>();
        arguments.add(id);
        StringJoiner assignments = new StringJoiner(", ");
        for (Map.Entry<VideoField<?>, Object> change : patch.changes().entrySet()) {
            VideoField<?> field = change.getKey();
            arguments.add(field.sqlValue(change.getValue()));
            String placeholder = field.placeholder(arguments.size());
            assignments.add(field.name() + " = " + placeholder);
            if (field == VideoField.REQUIRE_SIGNED_URLS) {
                // Cloudflare is told through the outbox; until it confirms, a changed setting is not enforced
                assignments.add("signed_urls_enforced = v.signed_urls_enforced AND v.require_signed_urls = " + placeholder);
            }
        }
        boolean signingChanges = patch.changes().containsKey(VideoField.REQUIRE_SIGNED_URLS);
        // the row is locked by the UPDATE, so "old" is exactly the version this update replaced
        String sql = "WITH old AS (SELECT id, lesson_id, status, require_signed_urls FROM course_videos"
                + " WHERE id = $1 FOR UPDATE),"
                + " updated AS (UPDATE course_videos v SET " + assignments + " FROM old WHERE v.id = old.id"
                + condition
                + " RETURNING " + CourseVideo.columns("v.")
                + ", old.lesson_id AS old_lesson_id, old.status::text AS old_status,"
                + " old.require_signed_urls <> v.require_signed_urls AS signing_changed)"
                + (signingChanges ? ", queued AS (" + CloudflareOutbox.queueFrom("updated WHERE signing_changed",
                        Action.REQUIRE_SIGNED_URLS) + ")" : "")
                + " SELECT * FROM updated";
        arguments.addAll(conditionArguments);
        return query(sql, Tuple.tuple(arguments)).map(rows -> Rows.first(rows, VideoRepository::updated));
    }

    private static Updated updated(Row row) {
        CourseVideo video = CourseVideo.from(row);
        return new Updated(video, new VideoState(video.id(), video.courseId(), row.getString("old_lesson_id"),
                VideoStatus.fromDatabase(row.getString("old_status")), video.cloudflareVideoId()),
                row.getBoolean("signing_changed"));
    }

    /**
     * Where the deleted video stood; null when there was no such video. With
     * {@code fromCloudflare}, the same statement (so the same transaction) queues its Cloudflare
     * deletion.
     */
    Uni<VideoState> delete(UUID id, boolean fromCloudflare) {
        String sql = "WITH gone AS (DELETE FROM course_videos WHERE id = $1 RETURNING " + VideoState.COLUMNS + "),"
                + " queued AS (" + CloudflareOutbox.queueFrom("gone WHERE $2", Action.DELETE) + ")"
                + " SELECT * FROM gone";
        return query(sql, Tuple.of(id, fromCloudflare))
                .map(rows -> Rows.first(rows, VideoState::from));
    }

    /**
     * Marks the video's signed-URL setting enforced when its row still asks for {@code required};
     * null when it does not, or was enforced already.
     */
    Uni<Updated> confirmSignedUrls(UUID id, boolean required) {
        // $1 is the id and $2 the patch's one value: the condition's parameter is $3
        return update(id, new VideoPatch(Map.of(VideoField.SIGNED_URLS_ENFORCED, true)),
                " AND v.require_signed_urls = $3 AND NOT v.signed_urls_enforced", List.of(required));
    }

    /**
     * Cloudflare said it does not have the video: remembered from the first such answer on. True
     * when the first answer is at least {@code after} old, so the video is gone for good.
     */
    Uni<Boolean> missingAtCloudflare(UUID id, java.time.Duration after) {
        return query("UPDATE course_videos SET cloudflare_missing_since = coalesce(cloudflare_missing_since, clock_timestamp())"
                + " WHERE id = $1 RETURNING cloudflare_missing_since <= clock_timestamp() - make_interval(secs => $2)",
                Tuple.of(id, (double) after.toSeconds()))
                .map(rows -> Boolean.TRUE.equals(Rows.first(rows, row -> row.getBoolean(0))));
    }

    /** Cloudflare answered with the video again: forget that it was missing. */
    Uni<Void> foundAtCloudflare(UUID id) {
        return query("UPDATE course_videos SET cloudflare_missing_since = NULL"
                + " WHERE id = $1 AND cloudflare_missing_since IS NOT NULL", Tuple.of(id)).replaceWithVoid();
    }

    /** The video registered under that Cloudflare uid, or null. */
    Uni<CourseVideo> findByCloudflareId(String uid) {
        return query(SELECT + " WHERE cloudflare_video_id = $1", Tuple.of(uid)).map(VideoRepository::single);
    }

    Uni<VideoStats> stats(UUID courseId) {
        return query(STATS, Tuple.of(courseId)).map(rows -> VideoStats.from(courseId, rows.iterator().next()));
    }

    private Uni<RowSet<Row>> query(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).onFailure().transform(PgFailures::translate);
    }

    private static CourseVideo single(RowSet<Row> rows) {
        return Rows.first(rows, CourseVideo::from);
    }
}
