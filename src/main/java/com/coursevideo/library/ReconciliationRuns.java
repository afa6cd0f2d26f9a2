package com.coursevideo.library;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.cloudflare.CloudflareStream.LibraryVideo;
import com.coursevideo.database.PgFailures;
import com.coursevideo.database.Rows;
import com.coursevideo.work.WorkItem;
import com.coursevideo.work.WorkQueue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one writer of the reconciliations table and its findings: where the unfinished run's crawl
 * is, what each page found, and the reports. A run is crawled by a job {@code library.reconcile}
 * (keyed by its id); an instance writes a run only in a transaction that renews its claim on that job.
 */
@ApplicationScoped
class ReconciliationRuns {

    private static final String RUN_COLUMNS = "id, started_at, next_after, repeatable_uids";

    private final Pool pool;
    private final WorkQueue work;
    private final ObjectMapper json;
    private final ReconciliationConfig config;

    ReconciliationRuns(Pool pool, WorkQueue work, ObjectMapper json, ReconciliationConfig config) {
        this.pool = pool;
        this.work = work;
        this.json = json;
        this.config = config;
    }

    /**
     * An unfinished run as its crawl left it: {@code cursor} is the {@code after} of its next page
     * (null: from the first video), {@code cursorUids} the videos compared already that it may repeat.
     */
    record Run(long id, Instant startedAt, Instant cursor, Set<String> cursorUids) {
    }

    /** What one page found. */
    record Page(List<String> seen, List<LibraryVideo> orphans, List<UUID> drift, int slotsDeleted, Instant cursor,
            Set<String> cursorUids) {
    }

    /** A row a Cloudflare video is registered under, as the comparison needs it. */
    record Registered(UUID id, boolean requireSignedUrls) {
    }

    /** The rows registered under these uids, by uid. */
    Uni<Map<String, Registered>> rowsOf(List<String> uids) {
        return pool.preparedQuery("SELECT cloudflare_video_id, id, require_signed_urls FROM course_videos"
                + " WHERE cloudflare_video_id = ANY($1)")
                .execute(Tuple.of(uids.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Registered> known = new HashMap<>();
                    rows.forEach(row -> known.put(row.getString(0), new Registered(row.getUUID(1), row.getBoolean(2))));
                    return known;
                })
                .onFailure().transform(PgFailures::translate);
    }

    /**
     * The unfinished run's id: a new one (its crawl queued with it), or the one already under way
     * (there is at most one).
     */
    Uni<Long> startOrJoin() {
        // a run started by a concurrent statement is not in this statement's snapshot: ask again
        return Uni.createFrom().deferred(this::startOrFind).repeat().whilst(id -> id == null).collect().last();
    }

    /** {@link #startOrJoin}'s statement: null when another one started the run meanwhile. */
    private Uni<Long> startOrFind() {
        return pool.query("WITH started AS (INSERT INTO reconciliations DEFAULT VALUES ON CONFLICT DO NOTHING RETURNING id),"
                + " crawl AS (" + WorkQueue.requestFrom(Reconciliation.KIND, "id", "started") + ")"
                + " SELECT id FROM started UNION ALL SELECT id FROM reconciliations WHERE finished_at IS NULL").execute()
                .map(rows -> Rows.first(rows, row -> row.getLong(0)))
                .onFailure().transform(PgFailures::translate);
    }

    /** The unfinished run as its crawl left it; null when it has finished or is gone. */
    Uni<Run> unfinished(long id) {
        return pool.preparedQuery("SELECT " + RUN_COLUMNS + " FROM reconciliations WHERE id = $1 AND finished_at IS NULL")
                .execute(Tuple.of(id))
                .map(rows -> Rows.first(rows, ReconciliationRuns::run))
                .onFailure().transform(PgFailures::translate);
    }

    /** Whether this run has finished (or is gone: only the newest runs are kept). */
    Uni<Boolean> finished(long id) {
        return pool.preparedQuery("SELECT finished_at IS NOT NULL FROM reconciliations WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> Rows.first(rows, row -> row.getBoolean(0)))
                .map(finished -> finished == null || finished)
                .onFailure().transform(PgFailures::translate);
    }

    /**
     * Records a page's findings and the crawl's new position at once, renewing the claim on the
     * run's job; false (and nothing written) when the claim is no longer this instance's.
     */
    Uni<Boolean> record(WorkItem crawl, Run run, Page page) {
        return pool.<Boolean> withTransaction(connection -> work.renew(connection, crawl)
                .chain(held -> !held ? Uni.createFrom().item(Boolean.FALSE) : connection.preparedQuery("UPDATE reconciliations"
                        + " SET next_after = $2, repeatable_uids = $3, cloudflare_videos = cloudflare_videos + $4,"
                        + " orphan_slots_deleted = orphan_slots_deleted + $5 WHERE id = $1")
                        .execute(Tuple.tuple(Arrays.<Object> asList(run.id(),
                                page.cursor() == null ? null : page.cursor().atOffset(ZoneOffset.UTC),
                                page.cursorUids().toArray(String[]::new), page.seen().size(), page.slotsDeleted())))
                        .chain(() -> findings(connection, run.id(), page))
                        .replaceWith(Boolean.TRUE)))
                .onFailure().transform(PgFailures::translate);
    }

    private static Uni<Void> findings(SqlConnection connection, long run, Page page) {
        return connection.preparedQuery("INSERT INTO reconciliation_seen (reconciliation_id, cloudflare_video_id)"
                + " SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(run, page.seen().toArray(String[]::new)))
                .chain(() -> connection.preparedQuery("INSERT INTO reconciliation_orphans"
                        + " (reconciliation_id, cloudflare_video_id, created, meta)"
                        + " SELECT $1, uid, created::timestamptz, meta::jsonb FROM unnest($2::text[], $3::text[], $4::text[])"
                        + " AS orphan (uid, created, meta) ON CONFLICT DO NOTHING")
                        .execute(Tuple.of(run, page.orphans().stream().map(LibraryVideo::uid).toArray(String[]::new),
                                page.orphans().stream().map(video -> video.created().toString()).toArray(String[]::new),
                                page.orphans().stream().map(video -> video.meta().toString()).toArray(String[]::new))))
                .chain(() -> connection.preparedQuery("INSERT INTO reconciliation_drift (reconciliation_id, video_id)"
                        + " SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING")
                        .execute(Tuple.of(run, page.drift().toArray(UUID[]::new))))
                .replaceWithVoid();
    }

    /**
     * Ends the run: the rows made before it started whose uid the crawl did not see are missing.
     * Keeps the newest finished runs only. False when the claim on its job is no longer this instance's.
     */
    Uni<Boolean> finish(WorkItem crawl, Run run) {
        Tuple id = Tuple.of(run.id());
        return pool.<Boolean> withTransaction(connection -> work.renew(connection, crawl)
                .chain(held -> !held ? Uni.createFrom().item(Boolean.FALSE) : connection.preparedQuery(
                        "UPDATE reconciliations SET finished_at = clock_timestamp() WHERE id = $1").execute(id)
                        .chain(() -> connection.preparedQuery("INSERT INTO reconciliation_missing (reconciliation_id, video_id)"
                                + " SELECT $1, video.id FROM course_videos video WHERE video.created_at < $2"
                                + " AND NOT EXISTS (SELECT 1 FROM reconciliation_seen seen WHERE seen.reconciliation_id = $1"
                                + " AND seen.cloudflare_video_id = video.cloudflare_video_id)")
                                .execute(Tuple.of(run.id(), run.startedAt().atOffset(ZoneOffset.UTC))))
                        .chain(() -> connection.preparedQuery("DELETE FROM reconciliation_seen WHERE reconciliation_id = $1")
                                .execute(id))
                        .chain(() -> connection.preparedQuery("DELETE FROM reconciliations WHERE finished_at IS NOT NULL"
                                + " AND id NOT IN (SELECT id FROM reconciliations WHERE finished_at IS NOT NULL"
                                + " ORDER BY id DESC LIMIT $1)").execute(Tuple.of(config.keep())))
                        .replaceWith(Boolean.TRUE)))
                .onFailure().transform(PgFailures::translate);
    }

    /** The newest finished run's report; null when none has finished. */
    Uni<ReconciliationReport> last() {
        return finishedRun("WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1", Tuple.tuple());
    }

    /** This finished run's report; null when it is unfinished or gone. */
    Uni<ReconciliationReport> report(long id) {
        return finishedRun("WHERE finished_at IS NOT NULL AND id = $1", Tuple.of(id));
    }

    private Uni<ReconciliationReport> finishedRun(String which, Tuple arguments) {
        return pool.preparedQuery("SELECT id, started_at, finished_at, cloudflare_videos, orphan_slots_deleted"
                + " FROM reconciliations " + which).execute(arguments)
                .map(rows -> Rows.first(rows, row -> row))
                .chain(run -> run == null ? Uni.createFrom().nullItem() : report(run))
                .onFailure().transform(PgFailures::translate);
    }

    private Uni<ReconciliationReport> report(Row run) {
        Tuple id = Tuple.of(run.getLong("id"));
        return pool.preparedQuery("SELECT cloudflare_video_id, created, meta::text FROM reconciliation_orphans"
                + " WHERE reconciliation_id = $1 ORDER BY created, cloudflare_video_id").execute(id)
                .map(rows -> Rows.all(rows, row -> new ReconciliationReport.Orphan(row.getString(0),
                        row.getOffsetDateTime(1), tree(row.getString(2)))))
                .chain(orphans -> ids("reconciliation_missing", id)
                        .chain(missing -> ids("reconciliation_drift", id)
                                .map(drift -> new ReconciliationReport(run.getOffsetDateTime("started_at"),
                                        run.getOffsetDateTime("finished_at"), run.getInteger("cloudflare_videos"), orphans,
                                        missing, drift, run.getInteger("orphan_slots_deleted")))));
    }

    private Uni<List<UUID>> ids(String table, Tuple run) {
        return pool.preparedQuery("SELECT video_id FROM " + table + " WHERE reconciliation_id = $1 ORDER BY video_id")
                .execute(run).map(rows -> Rows.all(rows, row -> row.getUUID(0)));
    }

    private com.fasterxml.jackson.databind.JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException stored) {
            throw new IllegalStateException("reconciliation_orphans.meta holds JSON", stored);
        }
    }

    private static Run run(Row row) {
        OffsetDateTime cursor = row.getOffsetDateTime("next_after");
        String[] uids = row.getArrayOfStrings("repeatable_uids");
        return new Run(row.getLong("id"), row.getOffsetDateTime("started_at").toInstant(),
                cursor == null ? null : cursor.toInstant(), uids == null ? Set.of() : new HashSet<>(Arrays.asList(uids)));
    }

}
