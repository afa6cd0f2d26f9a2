package com.coursevideo.caption;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.database.PgFailures;
import com.coursevideo.database.Rows;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** The {@code video_captions} rows. */
@ApplicationScoped
public class CaptionRepository {

    private static final String SELECT = "SELECT " + Caption.COLUMNS + " FROM video_captions";
    /** One language per video: a new upload or generation replaces the row. */
    private static final String UPSERT = "INSERT INTO video_captions (video_id, language, label, generated, status)"
            + " VALUES ($1, $2, $3, $4, $5)"
            + " ON CONFLICT (video_id, language) DO UPDATE SET label = excluded.label, generated = excluded.generated,"
            + " status = excluded.status, updated_at = now(), checked_at = now()"
            + " RETURNING " + Caption.COLUMNS;
    /** Claims due in-progress captions (one replica each): their checked_at moves on as they are handed out. */
    private static final String CLAIM_DUE = "UPDATE video_captions c SET checked_at = now()"
            + " FROM (SELECT video_id, language FROM video_captions WHERE status = 'inprogress'"
            + " AND checked_at <= now() - $1::bigint * interval '1 millisecond'"
            + " ORDER BY checked_at LIMIT $2 FOR UPDATE SKIP LOCKED) due, course_videos v"
            + " WHERE c.video_id = due.video_id AND c.language = due.language AND v.id = c.video_id"
            + " RETURNING c.video_id, v.cloudflare_video_id";

    private final Pool pool;

    CaptionRepository(Pool pool) {
        this.pool = pool;
    }

    /** The video's captions in {@code language}, or null. */
    Uni<Caption> find(UUID videoId, String language) {
        return query(SELECT + " WHERE video_id = $1 AND language = $2", Tuple.of(videoId, language))
                .map(rows -> Rows.first(rows, Caption::from));
    }

    /** The video's captions by language. */
    public Uni<List<Caption>> list(UUID videoId) {
        return query(SELECT + " WHERE video_id = $1 ORDER BY language", Tuple.of(videoId))
                .map(rows -> Rows.all(rows, Caption::from));
    }

    /** Records the caption Cloudflare holds now; null when the video is gone (deleted meanwhile). */
    Uni<Caption> save(UUID videoId, String language, String label, boolean generated, String status) {
        return query(UPSERT, Tuple.of(videoId, language, label, generated, status))
                .onFailure(PgFailures.violated("video_captions_video_id_fkey")).recoverWithNull()
                .map(rows -> rows == null ? null : Rows.first(rows, Caption::from));
    }

    /** A generated caption's new status; null when the row is gone or was not in progress any more. */
    Uni<Caption> finish(UUID videoId, String language, String status) {
        return query("UPDATE video_captions SET status = $3, updated_at = now() WHERE video_id = $1 AND language = $2"
                + " AND status = 'inprogress' RETURNING " + Caption.COLUMNS, Tuple.of(videoId, language, status))
                .map(rows -> Rows.first(rows, Caption::from));
    }

    /** True when there was a row. */
    Uni<Boolean> delete(UUID videoId, String language) {
        return query("DELETE FROM video_captions WHERE video_id = $1 AND language = $2", Tuple.of(videoId, language))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Videos (id and uid) with generated captions in progress not checked for {@code interval}, at most {@code limit}. */
    Uni<List<VideoRef>> claimDue(Duration interval, int limit) {
        return query(CLAIM_DUE, Tuple.of(interval.toMillis(), limit))
                .map(rows -> Rows.all(rows, VideoRef::from).stream().distinct().toList());
    }

    /** The video's uid, when it has generated captions in progress. */
    Uni<VideoRef> inProgress(String cloudflareVideoId) {
        return query("SELECT v.id AS video_id, v.cloudflare_video_id FROM course_videos v WHERE v.cloudflare_video_id = $1"
                + " AND EXISTS (SELECT 1 FROM video_captions c WHERE c.video_id = v.id AND c.status = 'inprogress')",
                Tuple.of(cloudflareVideoId))
                .map(rows -> Rows.first(rows, VideoRef::from));
    }

    record VideoRef(UUID videoId, String cloudflareVideoId) {

        static VideoRef from(Row row) {
            return new VideoRef(row.getUUID("video_id"), row.getString("cloudflare_video_id"));
        }
    }

    private Uni<RowSet<Row>> query(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).onFailure().transform(PgFailures::translate);
    }
}
