package com.coursevideo.cloudflare;

import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.coursevideo.cloudflare.CloudflareBudget.Priority;
import com.coursevideo.database.PgFailures;
import com.coursevideo.database.Rows;

import io.quarkus.arc.All;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The durable queue of what the service owes Cloudflare ({@link Action}): a row is written in the
 * transaction that makes the change (see {@link #queueFrom}), tried at once after the commit, and
 * retried by a scheduled job with growing delays, under the fleet's budget at background priority,
 * until Cloudflare confirms. A crash at any point leaves the row, so nothing is lost.
 */
@ApplicationScoped
public class CloudflareOutbox {

    /** What the service owes Cloudflare about a video. */
    public enum Action {
        /** Delete the video (its row is gone); Cloudflare's "no such video" counts as done. */
        DELETE("delete"),
        /** Set requireSignedURLs to what the video's row says now. */
        REQUIRE_SIGNED_URLS("require_signed_urls");

        private final String column;

        Action(String column) {
            this.column = column;
        }

        static Action of(String column) {
            for (Action action : values()) {
                if (action.column.equals(column)) {
                    return action;
                }
            }
            throw new IllegalStateException("unknown outbox action " + column);
        }
    }

    /** Carries out one action for one video; fails (and is retried) until Cloudflare confirmed it. */
    public interface Task {

        Action action();

        Uni<Void> perform(String uid, Priority priority);
    }

    private static final Logger LOG = Logger.getLogger(CloudflareOutbox.class);
    private static final int BATCH = 50;

    private final Pool pool;
    private final CloudflareConfig config;
    private final Map<Action, Task> tasks = new EnumMap<>(Action.class);

    CloudflareOutbox(Pool pool, CloudflareStream cloudflare, CloudflareConfig config, @All List<Task> tasks) {
        this.pool = pool;
        this.config = config;
        this.tasks.put(Action.DELETE, new Task() {
            @Override
            public Action action() {
                return Action.DELETE;
            }

            @Override
            public Uni<Void> perform(String uid, Priority priority) {
                return cloudflare.delete(uid, priority);
            }
        });
        tasks.forEach(task -> this.tasks.put(task.action(), task));
    }

    /**
     * The SQL that queues {@code action} for the {@code cloudflare_video_id} of every row of
     * {@code source} (a CTE of the statement that makes the change), for use inside that statement.
     */
    public static String queueFrom(String source, Action action) {
        return "INSERT INTO cloudflare_outbox (cloudflare_video_id, action) SELECT cloudflare_video_id, '"
                + action.column + "' FROM " + source + REQUEUE;
    }

    /** Asked again while queued: due at once, and known to be newer than an attempt under way. */
    private static final String REQUEUE = " ON CONFLICT (cloudflare_video_id, action) DO UPDATE"
            + " SET requested_at = clock_timestamp(), next_attempt_at = clock_timestamp(), attempts = 0";

    /** Queues an action outside a statement of its own (an upload slot nobody registered, a drift sync found). */
    public Uni<Void> queue(String uid, Action action) {
        return pool.preparedQuery("INSERT INTO cloudflare_outbox (cloudflare_video_id, action) VALUES ($1, $2)" + REQUEUE)
                .execute(Tuple.of(uid, action.column)).onFailure().transform(PgFailures::translate).replaceWithVoid();
    }

    /** {@link #queue}s the action, then starts it without waiting for Cloudflare. */
    public Uni<Void> request(String uid, Action action) {
        return queue(uid, action).invoke(() -> attemptInBackground(List.of(uid), action));
    }

    /**
     * One try of a queued action, bounded by one call's timeout so a request never waits long on
     * it; whatever does not succeed stays queued for {@link #retryDue()}. Never fails.
     */
    public Uni<Void> attempt(String uid, Action action) {
        return attempt(uid, action, Priority.USER);
    }

    private Uni<Void> attempt(String uid, Action action, Priority priority) {
        return requestedAt(uid, action)
                .chain(requested -> requested == null ? Uni.createFrom().voidItem()
                        : attempt(uid, action, requested, priority));
    }

    /** Starts the queued action of one request without waiting for it; what fails stays queued for {@link #retryDue()}. */
    public void attemptInBackground(List<String> uids, Action action) {
        attemptInBackground(uids, action, Priority.USER);
    }

    /**
     * Starts queued actions without waiting for them, at {@code priority}: a batch's or a whole
     * course's are {@code BACKGROUND}, so that they take only what the fleet's Cloudflare budget
     * leaves user-facing calls. What fails, or finds no budget, stays queued for {@link #retryDue()}.
     */
    public void attemptInBackground(List<String> uids, Action action, Priority priority) {
        Multi.createFrom().iterable(uids)
                .onItem().transformToUni(uid -> attempt(uid, action, priority)).merge(4)
                .collect().last()
                .subscribe().with(done -> { }, failure -> { });
    }

    private Uni<OffsetDateTime> requestedAt(String uid, Action action) {
        return pool.preparedQuery("SELECT requested_at FROM cloudflare_outbox WHERE cloudflare_video_id = $1 AND action = $2")
                .execute(Tuple.of(uid, action.column))
                .map(rows -> Rows.first(rows, row -> row.getOffsetDateTime(0)))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> attempt(String uid, Action action, OffsetDateTime requested, Priority priority) {
        return tasks.get(action).perform(uid, priority)
                .ifNoItem().after(config.timeout().multipliedBy(2)).fail()
                // a row asked for again meanwhile stays, for the newer request
                .chain(() -> pool.preparedQuery("DELETE FROM cloudflare_outbox"
                        + " WHERE cloudflare_video_id = $1 AND action = $2 AND requested_at = $3")
                        .execute(Tuple.of(uid, action.column, requested)))
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> postpone(uid, action, failure));
    }

    /** Actions that are due, claimed for a while so that other replicas leave them alone. */
    @Scheduled(every = "${cloudflare.deletion-retry-interval:30S}", delayed = "5S",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> retryDue() {
        return pool.preparedQuery("UPDATE cloudflare_outbox SET next_attempt_at = clock_timestamp() + interval '2 minutes'"
                        + " WHERE (cloudflare_video_id, action) IN (SELECT cloudflare_video_id, action FROM cloudflare_outbox"
                        + " WHERE next_attempt_at <= clock_timestamp() ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)"
                        + " RETURNING cloudflare_video_id, action, requested_at")
                .execute(Tuple.of(BATCH))
                .map(rows -> Rows.all(rows, row -> new Due(row.getString(0), Action.of(row.getString(1)),
                        row.getOffsetDateTime(2))))
                .chain(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUni(item -> attempt(item.uid, item.action, item.requested, Priority.BACKGROUND))
                        .merge(4)
                        .collect().last())
                .replaceWithVoid()
                .onFailure().invoke(failure -> LOG.warnf("retrying the Cloudflare outbox failed: %s", failure.toString()))
                .onFailure().recoverWithNull();
    }

    private record Due(String uid, Action action, OffsetDateTime requested) {
    }

    /** Doubles the wait after each failure, from the retry interval up to an hour. */
    private Uni<Void> postpone(String uid, Action action, Throwable failure) {
        LOG.debugf("Cloudflare %s of %s postponed: %s", action.column, uid, failure.getMessage());
        return pool.preparedQuery("UPDATE cloudflare_outbox SET attempts = attempts + 1, last_error = $3,"
                        + " next_attempt_at = clock_timestamp() + make_interval(secs => least(3600, $4::float8 * power(2, attempts)))"
                        + " WHERE cloudflare_video_id = $1 AND action = $2")
                .execute(Tuple.of(uid, action.column, String.valueOf(failure.getMessage()),
                        (double) config.deletionRetryInterval().toSeconds()))
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }
}
