package com.coursevideo.sync;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.database.PgFailures;
import com.coursevideo.database.Rows;
import com.coursevideo.video.CourseVideo;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Which replica syncs which video. A claim sets a lease on a batch of due videos in one
 * statement; {@code FOR UPDATE SKIP LOCKED} keeps two replicas from claiming the same video, and
 * an expired lease (its replica died) makes the video claimable again.
 */
@ApplicationScoped
public class SyncClaims {

    private static final String CLAIM = "UPDATE course_videos SET sync_lease_until = clock_timestamp() + make_interval(secs => $2::float8)"
            + " WHERE id IN (SELECT id FROM course_videos"
            + " WHERE status IN ('queued', 'inprogress') AND next_sync_at <= clock_timestamp()"
            + " AND (sync_lease_until IS NULL OR sync_lease_until < clock_timestamp())"
            + " ORDER BY next_sync_at LIMIT $1 FOR UPDATE SKIP LOCKED)"
            + " RETURNING " + CourseVideo.COLUMNS;

    private final Pool pool;
    private final SyncConfig config;

    SyncClaims(Pool pool, SyncConfig config) {
        this.pool = pool;
        this.config = config;
    }

    Uni<List<CourseVideo>> claim() {
        return query(CLAIM, Tuple.of(config.batchSize(), seconds(config.lease())))
                .map(rows -> Rows.all(rows, CourseVideo::from));
    }

    /** Synced: due again after the poll interval, or the stuck interval; true when it is stuck. */
    Uni<Boolean> synced(UUID id) {
        return query("UPDATE course_videos SET sync_lease_until = NULL, sync_failures = 0,"
                + " next_sync_at = clock_timestamp() + make_interval(secs => CASE"
                + " WHEN created_at < clock_timestamp() - make_interval(secs => $3::float8) THEN $4::float8 ELSE $2::float8 END)"
                + " WHERE id = $1"
                + " RETURNING status IN ('queued', 'inprogress') AND created_at < clock_timestamp() - make_interval(secs => $3::float8)",
                Tuple.of(id, seconds(config.pollInterval()), seconds(config.stuckAfter()), seconds(config.stuckPollInterval())))
                .map(rows -> rows.size() == 1 && rows.iterator().next().getBoolean(0));
    }

    /** Failed: retried after a delay that doubles with each failure in a row. */
    Uni<Void> failed(UUID id) {
        return query("UPDATE course_videos SET sync_lease_until = NULL, sync_failures = sync_failures + 1,"
                + " next_sync_at = clock_timestamp() + make_interval(secs => least($3::float8, $2::float8 * power(2, sync_failures)))"
                + " WHERE id = $1",
                Tuple.of(id, seconds(config.backoff()), seconds(config.maxBackoff()))).replaceWithVoid();
    }

    /** Claims given back unused: the videos stay due and any replica can claim them now. */
    Uni<Void> release(List<UUID> ids) {
        return query("UPDATE course_videos SET sync_lease_until = NULL WHERE id = ANY($1)",
                Tuple.of(ids.toArray(UUID[]::new))).replaceWithVoid();
    }

    /** The video whose next poll was just done another way (a webhook): skip it. */
    public Uni<Void> postpone(UUID id) {
        return query("UPDATE course_videos SET next_sync_at = clock_timestamp() + make_interval(secs => $2::float8) WHERE id = $1",
                Tuple.of(id, seconds(config.pollInterval()))).replaceWithVoid();
    }

    /** The database's clock now: the moment a manual sync starts from. */
    Uni<OffsetDateTime> now() {
        return query("SELECT clock_timestamp()", Tuple.tuple()).map(rows -> rows.iterator().next().getOffsetDateTime(0));
    }

    /** Videos that were due at {@code moment} and are still held by a round (of any replica). */
    Uni<Long> heldSince(OffsetDateTime moment) {
        return query("SELECT count(*) FROM course_videos WHERE status IN ('queued', 'inprogress') AND next_sync_at <= $1"
                + " AND sync_lease_until >= clock_timestamp()", Tuple.of(moment))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** How many videos are due, and how long the oldest has waited (seconds). */
    record Backlog(long due, double oldestAgeSeconds) {
    }

    Uni<Backlog> backlog() {
        return query("SELECT count(*), coalesce(extract(epoch FROM clock_timestamp() - min(next_sync_at)), 0)::float8"
                + " FROM course_videos WHERE status IN ('queued', 'inprogress') AND next_sync_at <= clock_timestamp()",
                Tuple.tuple())
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Backlog(row.getLong(0), row.getDouble(1));
                });
    }

    private Uni<RowSet<Row>> query(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).onFailure().transform(PgFailures::translate);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
