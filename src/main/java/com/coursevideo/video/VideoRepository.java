package com.coursevideo.video;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.database.PgFailures;
import com.coursevideo.database.Rows;
import com.coursevideo.http.Page;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads of {@code course_videos} (its one writer is {@link VideoStore}). */
@ApplicationScoped
public class VideoRepository {

    private static final String SELECT = "SELECT " + CourseVideo.COLUMNS + " FROM course_videos";
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

    /** One page of a search, with one row more than the page when more remain. */
    Uni<List<CourseVideo>> search(VideoSearch search, Page page, Duration stuckAfter) {
        VideoSearch.Sql sql = search.sql(page, stuckAfter);
        return query(SELECT + " WHERE " + sql.where(), sql.arguments()).map(rows -> Rows.all(rows, CourseVideo::from));
    }

    /** Whether the course exists (a check before asking Cloudflare for anything on its behalf). */
    Uni<Boolean> courseExists(UUID courseId) {
        return query("SELECT 1 FROM courses WHERE id = $1", Tuple.of(courseId)).map(rows -> rows.size() > 0);
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

    /** The video registered under that Cloudflare uid, or null. */
    Uni<CourseVideo> findByCloudflareId(String uid) {
        return query(SELECT + " WHERE cloudflare_video_id = $1", Tuple.of(uid)).map(VideoRepository::single);
    }

    /** The host names the course's videos may be embedded on (empty: any); empty when there is no such course. */
    Uni<List<String>> allowedOrigins(UUID courseId) {
        return query("SELECT allowed_origins FROM courses WHERE id = $1", Tuple.of(courseId))
                .map(rows -> {
                    String[] origins = Rows.first(rows, row -> row.getArrayOfStrings(0));
                    return origins == null ? List.<String>of() : List.of(origins);
                });
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
