package com.coursevideo.library;

import java.time.Duration;
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
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The reconciliations table and its findings: who holds the unfinished run, where its crawl is,
 * what each page found, and the reports. A replica only writes a run while it holds its lease.
 */
@ApplicationScoped
class ReconciliationRuns {

    private static final String LEASE_END = "clock_timestamp() + $2 * interval '1 millisecond'";
    private static final String RETURNING_RUN = " RETURNING id, started_at, next_after, repeatable_uids";

    /** This replica, as a lease holder. */
    private final UUID self = UUID.randomUUID();
    private final Pool pool;
    private final ObjectMapper json;
    private final ReconciliationConfig config;

    ReconciliationRuns(Pool pool, ObjectMapper json, ReconciliationConfig config) {
        this.pool = pool;
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

    /** The unfinished run whose replica is gone, now this one's; null when there is none. */
    Uni<Run> takeOverAbandoned() {
        return leased("UPDATE reconciliations SET lease_owner = $1, lease_until = " + LEASE_END
                + " WHERE finished_at IS NULL AND (lease_until IS NULL OR lease_until < clock_timestamp())" + RETURNING_RUN);
    }

    /** A new run, this replica's; null when another one is unfinished. */
    Uni<Run> start() {
        return leased("INSERT INTO reconciliations (lease_owner, lease_until) VALUES ($1, " + LEASE_END + ")"
                + " ON CONFLICT DO NOTHING" + RETURNING_RUN);
    }

    /** The run the statement leased to this replica ({@code $1}, for {@code $2} ms), or null. */
    private Uni<Run> leased(String sql) {
        return pool.preparedQuery(sql).execute(Tuple.of(self, interval(config.lease())))
                .map(rows -> Rows.first(rows, ReconciliationRuns::run))
                .onFailure().transform(PgFailures::translate);
    }

    /** The unfinished run's id (this replica's or another's); null when none is. */
    Uni<Long> unfinished() {
        return pool.query("SELECT id FROM reconciliations WHERE finished_at IS NULL").execute()
                .map(rows -> Rows.first(rows, row -> row.getLong(0)))
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
     * Records a page's findings and the crawl's new position at once, renewing the lease; false
     * (and nothing written) when the lease is no longer this replica's.
     */
    Uni<Boolean> record(Run run, Page page) {
        return pool.<Boolean> withTransaction(connection -> connection.preparedQuery("UPDATE reconciliations"
                + " SET next_after = $3, repeatable_uids = $4, cloudflare_videos = cloudflare_videos + $5,"
                + " orphan_slots_deleted = orphan_slots_deleted + $6,"
                + " lease_until = clock_timestamp() + $7 * interval '1 millisecond'"
                + " WHERE id = $1 AND lease_owner = $2")
                .execute(Tuple.tuple(Arrays.<Object> asList(run.id(), self,
                        page.cursor() == null ? null : page.cursor().atOffset(ZoneOffset.UTC),
                        page.cursorUids().toArray(String[]::new), page.seen().size(), page.slotsDeleted(),
                        interval(config.lease()))))
                .chain(updated -> updated.rowCount() == 0 ? Uni.createFrom().item(Boolean.FALSE)
                        : findings(connection, run.id(), page).replaceWith(Boolean.TRUE)))
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
     * Keeps the newest finished runs only. False when the lease is no longer this replica's.
     */
    Uni<Boolean> finish(Run run) {
        return pool.<Boolean> withTransaction(connection -> connection.preparedQuery("UPDATE reconciliations"
                + " SET finished_at = clock_timestamp(), lease_owner = NULL, lease_until = NULL"
                + " WHERE id = $1 AND lease_owner = $2")
                .execute(Tuple.of(run.id(), self))
                .chain(updated -> updated.rowCount() == 0 ? Uni.createFrom().item(Boolean.FALSE)
                        : connection.preparedQuery("INSERT INTO reconciliation_missing (reconciliation_id, video_id)"
                                + " SELECT $1, video.id FROM course_videos video WHERE video.created_at < $2"
                                + " AND NOT EXISTS (SELECT 1 FROM reconciliation_seen seen WHERE seen.reconciliation_id = $1"
                                + " AND seen.cloudflare_video_id = video.cloudflare_video_id)")
                                .execute(Tuple.of(run.id(), run.startedAt().atOffset(ZoneOffset.UTC)))
                                .chain(() -> connection.preparedQuery(
                                        "DELETE FROM reconciliation_seen WHERE reconciliation_id = $1").execute(Tuple.of(run.id())))
                                .chain(() -> connection.preparedQuery("DELETE FROM reconciliations WHERE finished_at IS NOT NULL"
                                        + " AND id NOT IN (SELECT id FROM reconciliations WHERE finished_at IS NOT NULL"
                                        + " ORDER BY id DESC LIMIT $1)")
                                        .execute(Tuple.of(config.keep())))
                                .replaceWith(Boolean.TRUE)))
                .onFailure().transform(PgFailures::translate);
    }

    /** Lets another replica (or this one's next try) take the run over at once, from its cursor. */
    Uni<Void> release(Run run) {
        return pool.preparedQuery("UPDATE reconciliations SET lease_until = NULL WHERE id = $1 AND lease_owner = $2")
                .execute(Tuple.of(run.id(), self)).replaceWithVoid()
                .onFailure().recoverWithNull();
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

    /** A duration as the milliseconds the SQL multiplies {@code interval '1 millisecond'} by. */
    private static long interval(Duration duration) {
        return duration.toMillis();
    }
}
