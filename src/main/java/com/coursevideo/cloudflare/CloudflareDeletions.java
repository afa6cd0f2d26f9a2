package com.coursevideo.cloudflare;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.coursevideo.cloudflare.CloudflareBudget.Priority;
import com.coursevideo.database.PgFailures;
import com.coursevideo.database.Rows;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The outbox of Cloudflare deletions. A row is written in the same transaction that deletes the
 * video (see the repositories), tried at once after the commit, and retried by a scheduled job
 * with growing delays until Cloudflare confirms, or says it does not have the video. A crash at
 * any point leaves the row, so nothing is orphaned at Cloudflare.
 */
@ApplicationScoped
public class CloudflareDeletions {

    private static final Logger LOG = Logger.getLogger(CloudflareDeletions.class);
    private static final int BATCH = 50;

    private final Pool pool;
    private final CloudflareStream cloudflare;
    private final CloudflareConfig config;

    CloudflareDeletions(Pool pool, CloudflareStream cloudflare, CloudflareConfig config) {
        this.pool = pool;
        this.cloudflare = cloudflare;
        this.config = config;
    }

    /** Records a deletion outside a video's own delete (an upload slot nobody registered). */
    public Uni<Void> queue(String uid) {
        return pool.preparedQuery("INSERT INTO cloudflare_deletions (cloudflare_video_id) VALUES ($1) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(uid)).onFailure().transform(PgFailures::translate).replaceWithVoid();
    }

    /**
     * One try, bounded by one call's timeout so a request never waits long on it; whatever does
     * not succeed stays queued for {@link #retryDue()}. Never fails.
     */
    public Uni<Void> attempt(String uid) {
        return attempt(uid, Priority.USER);
    }

    private Uni<Void> attempt(String uid, Priority priority) {
        return cloudflare.delete(uid, priority)
                .ifNoItem().after(config.timeout()).fail()
                .chain(() -> pool.preparedQuery("DELETE FROM cloudflare_deletions WHERE cloudflare_video_id = $1")
                        .execute(Tuple.of(uid)))
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> postpone(uid, failure));
    }

    /**
     * Starts the (already queued) deletions without waiting for them, e.g. a whole course's;
     * what fails stays queued for {@link #retryDue()}.
     */
    public void attemptInBackground(List<String> uids) {
        attemptAll(uids, Priority.USER).subscribe().with(done -> { }, failure -> { });
    }

    private Uni<Void> attemptAll(List<String> uids, Priority priority) {
        return Multi.createFrom().iterable(uids)
                .onItem().transformToUni(uid -> attempt(uid, priority)).merge(4)
                .collect().last()
                .replaceWithVoid();
    }

    /** Deletions that are due, claimed for a while so that other replicas leave them alone. */
    @Scheduled(every = "${cloudflare.deletion-retry-interval:30S}", delayed = "5S",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> retryDue() {
        return pool.preparedQuery("UPDATE cloudflare_deletions SET next_attempt_at = clock_timestamp() + interval '2 minutes'"
                        + " WHERE cloudflare_video_id IN (SELECT cloudflare_video_id FROM cloudflare_deletions"
                        + " WHERE next_attempt_at <= clock_timestamp() ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)"
                        + " RETURNING cloudflare_video_id")
                .execute(Tuple.of(BATCH))
                .map(rows -> Rows.all(rows, row -> row.getString(0)))
                .chain(uids -> attemptAll(uids, Priority.BACKGROUND))
                .onFailure().invoke(failure -> LOG.warnf("retrying Cloudflare deletions failed: %s", failure.toString()))
                .onFailure().recoverWithNull();
    }

    /** Doubles the wait after each failure, from the retry interval up to an hour. */
    private Uni<Void> postpone(String uid, Throwable failure) {
        LOG.debugf("Cloudflare deletion of %s postponed: %s", uid, failure.getMessage());
        return pool.preparedQuery("UPDATE cloudflare_deletions SET attempts = attempts + 1, last_error = $2,"
                        + " next_attempt_at = clock_timestamp() + make_interval(secs => least(3600, $3::float8 * power(2, attempts)))"
                        + " WHERE cloudflare_video_id = $1")
                .execute(Tuple.of(uid, String.valueOf(failure.getMessage()), (double) config.deletionRetryInterval().toSeconds()))
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }
}
