package com.coursevideo.caption;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.database.PgFailures;
import com.coursevideo.database.Rows;
import com.coursevideo.events.Events;
import com.coursevideo.video.SyncConfig;
import com.coursevideo.work.WorkQueue;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one writer of {@code video_captions}, and its reads. Every write drops the video's cached
 * caption list and that language's file before it completes; a generation under way is checked at
 * Cloudflare by a job {@code caption.check} queued with it.
 */
@ApplicationScoped
public class CaptionRepository {

    private static final String SELECT = "SELECT " + Caption.COLUMNS + " FROM video_captions";
    /** One language per video: a new upload or generation replaces the row. */
    private static final String UPSERT = "WITH saved AS (INSERT INTO video_captions (video_id, language, label, generated, status, vtt)"
            + " VALUES ($1, $2, $3, $4, $5, $7)"
            + " ON CONFLICT (video_id, language) DO UPDATE SET label = excluded.label, generated = excluded.generated,"
            + " status = excluded.status, vtt = excluded.vtt, updated_at = now()"
            + " RETURNING " + Caption.COLUMNS + "),"
            + " checked AS (" + WorkQueue.ensureFrom(CaptionChecks.KIND, "video_id", "saved WHERE status = 'inprogress'",
                    "clock_timestamp() + $6 * interval '1 millisecond'") + ")"
            + " SELECT * FROM saved";

    private final Pool pool;
    private final CaptionCache cache;
    private final SyncConfig sync;
    private final Events events;

    CaptionRepository(Pool pool, CaptionCache cache, SyncConfig sync, Events events) {
        this.pool = pool;
        this.cache = cache;
        this.sync = sync;
        this.events = events;
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

    /**
     * Records the caption Cloudflare holds now, with the file's text when it is known (an upload's);
     * null when the video is gone (deleted meanwhile).
     */
    Uni<Caption> save(UUID videoId, String language, String label, boolean generated, String status, String vtt) {
        Tuple arguments = Tuple.tuple(Arrays.asList(videoId, language, label, generated, status,
                sync.captionPollInterval().toMillis(), vtt));
        return recorded(UPSERT, arguments, true)
                .onFailure(PgFailures.violated("video_captions_video_id_fkey")).recoverWithNull()
                .call(saved -> cache.invalidate(videoId, language));
    }

    /**
     * A generated caption's new status, with its file when it became ready; null when the row is gone
     * or was not in progress any more.
     */
    Uni<Caption> finish(UUID videoId, String language, String status, String vtt) {
        return recorded("UPDATE video_captions SET status = $3, vtt = $4, updated_at = now() WHERE video_id = $1 AND language = $2"
                + " AND status = 'inprogress' RETURNING " + Caption.COLUMNS, Tuple.of(videoId, language, status, vtt), true)
                .call(changed -> changed == null ? Uni.createFrom().voidItem() : cache.invalidate(videoId, language));
    }

    /** True when there was a row. */
    Uni<Boolean> delete(UUID videoId, String language) {
        return query("DELETE FROM video_captions WHERE video_id = $1 AND language = $2", Tuple.of(videoId, language))
                .map(rows -> rows.rowCount() > 0)
                .call(() -> cache.invalidate(videoId, language));
    }

    /**
     * The stored file of the video's ready captions in {@code language}; null when there are none, or
     * their file is not stored yet (a caption check is fetching it).
     */
    Uni<String> file(UUID videoId, String language) {
        return query("SELECT vtt FROM video_captions WHERE video_id = $1 AND language = $2 AND status = 'ready'",
                Tuple.of(videoId, language))
                .map(rows -> Rows.first(rows, row -> row.getString(0)));
    }

    /**
     * Stores the file of ready captions that had none (of the release before); a file Cloudflare no
     * longer has ({@code vtt} null) ends them in {@code error}.
     */
    Uni<Void> storeFile(UUID videoId, String language, String vtt) {
        return recorded("UPDATE video_captions SET vtt = $3, status = CASE WHEN $3::text IS NULL THEN 'error' ELSE status END,"
                + " updated_at = now() WHERE video_id = $1 AND language = $2 AND status = 'ready' AND vtt IS NULL"
                + " RETURNING " + Caption.COLUMNS, Tuple.of(videoId, language, vtt), false)
                .call(() -> cache.invalidate(videoId, language))
                .replaceWithVoid();
    }

    /**
     * The video's uid, when a caption check has something to do: generated captions in progress, or
     * ready captions without their file; null otherwise (or when the video is gone).
     */
    Uni<String> uidToCheck(UUID videoId) {
        return query("SELECT v.cloudflare_video_id FROM course_videos v WHERE v.id = $1 AND EXISTS (SELECT 1"
                + " FROM video_captions c WHERE c.video_id = v.id AND (c.status = 'inprogress' OR c.status = 'ready' AND c.vtt IS NULL))",
                Tuple.of(videoId))
                .map(rows -> Rows.first(rows, row -> row.getString(0)));
    }

    /** The languages of the video's ready captions whose file is not stored. */
    Uni<List<String>> withoutFile(UUID videoId) {
        return query("SELECT language FROM video_captions WHERE video_id = $1 AND status = 'ready' AND vtt IS NULL",
                Tuple.of(videoId))
                .map(rows -> Rows.all(rows, row -> row.getString(0)));
    }

    /**
     * The caption one write (of one row) leaves, null when it wrote none; when the caption became
     * ready or failed, its event is recorded in the same transaction.
     *
     * @param readyIsNew whether a ready caption the write leaves became ready by it (not so when only its file is stored)
     */
    private Uni<Caption> recorded(String sql, Tuple arguments, boolean readyIsNew) {
        return pool.withTransaction(connection -> connection.preparedQuery(sql).execute(arguments)
                        .map(rows -> Rows.first(rows, Caption::from))
                        .call(caption -> caption == null ? Uni.createFrom().voidItem() : record(connection, caption, readyIsNew)))
                .onFailure().transform(PgFailures::translate);
    }

    private Uni<Void> record(SqlClient connection, Caption caption, boolean readyIsNew) {
        if (Caption.ERROR.equals(caption.status())) {
            return events.record(connection, Events.CAPTION_ERROR, CaptionEvent.of(caption));
        }
        if (Caption.READY.equals(caption.status()) && readyIsNew) {
            return events.record(connection, Events.CAPTION_READY, CaptionEvent.of(caption));
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<RowSet<Row>> query(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).onFailure().transform(PgFailures::translate);
    }
}
