package com.coursevideo.work;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.coursevideo.database.GroupedWrites;
import com.coursevideo.database.PgFailures;
import com.coursevideo.database.Rows;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.arc.All;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one durable queue of background work ({@code work_items}): Cloudflare deletions and settings,
 * upload reaping, status sync, caption checks, reconciliation runs. A job is a row, unique by
 * {@code (kind, key)}, written in the transaction that makes it necessary (see {@link #requestFrom}),
 * so a crash at any point leaves it queued. One lease mechanism for every kind: an instance claims
 * due jobs ({@code FOR UPDATE SKIP LOCKED}) by naming itself their {@code lease_owner} and moving
 * their {@code due_at} to the end of the lease, so the jobs of an instance that dies are due again
 * when its lease runs out. {@link WorkHandler}s do the jobs; each kind's rounds run on their own, so
 * a slow kind never holds up another.
 */
@ApplicationScoped
public class WorkQueue {

    private static final Logger LOG = Logger.getLogger(WorkQueue.class);
    /** Jobs a background {@link #start} tries at once. */
    private static final int START_CONCURRENCY = 4;
    /** Asked for again while queued (or while worked on): due at once, and known to be newer. */
    private static final String REQUEST_AGAIN = " ON CONFLICT (kind, key) DO UPDATE SET requested_at = clock_timestamp(),"
            + " due_at = least(work_items.due_at, excluded.due_at), attempts = 0";
    private static final String AFTER_MS = "clock_timestamp() + $%d * interval '1 millisecond'";

    /** This instance, as a lease owner. */
    private final UUID self = UUID.randomUUID();
    private final Pool pool;
    /** Outcomes: recorded many to a commit when many jobs end at once. */
    private final GroupedWrites outcomes;
    private final WorkConfig config;
    private final MeterRegistry metrics;
    private final Map<String, WorkHandler> handlers;
    /** Kinds whose scheduled round is under way on this instance. */
    private final Set<String> polling = ConcurrentHashMap.newKeySet();
    /** Rounds and attempts under way, each done when it ends, for {@link #stop}. */
    private final Set<CompletableFuture<Void>> working = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> due = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lagSeconds = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    WorkQueue(Pool pool, GroupedWrites outcomes, WorkConfig config, MeterRegistry metrics, @All List<WorkHandler> handlers) {
        this.pool = pool;
        this.outcomes = outcomes;
        this.config = config;
        this.metrics = metrics;
        this.handlers = handlers.stream().collect(Collectors.toUnmodifiableMap(WorkHandler::kind, Function.identity()));
        for (String kind : this.handlers.keySet()) {
            due.put(kind, metrics.gauge("video.work.due", Tags.of("kind", kind), new AtomicLong()));
            lagSeconds.put(kind, metrics.gauge("video.work.lag.seconds", Tags.of("kind", kind), new AtomicLong()));
        }
    }

    // ---- asking for work

    /**
     * The SQL that asks for job {@code kind} for each row of {@code source} (a CTE of the statement
     * that makes the change), keyed by its column {@code keyColumn}: due at once; a job already
     * queued is asked for again (its failures forgotten, due at once).
     */
    public static String requestFrom(String kind, String keyColumn, String source) {
        return "INSERT INTO work_items (kind, key) SELECT '" + kind + "', " + keyColumn + "::text FROM " + source
                + REQUEST_AGAIN;
    }

    /** Like {@link #requestFrom}, but a job already queued is left as it is (a poll keeps its schedule). */
    public static String ensureFrom(String kind, String keyColumn, String source) {
        return ensureFrom(kind, keyColumn, source, "clock_timestamp()");
    }

    /** {@link #ensureFrom(String, String, String)}, a new job due at {@code dueAt} (an SQL expression). */
    public static String ensureFrom(String kind, String keyColumn, String source, String dueAt) {
        return "INSERT INTO work_items (kind, key, due_at) SELECT '" + kind + "', " + keyColumn + "::text, " + dueAt
                + " FROM " + source + " ON CONFLICT (kind, key) DO NOTHING";
    }

    /** Asks for the job, due at once (asked for again when it is queued already). */
    public Uni<Void> request(String kind, String key) {
        return request(pool, kind, key, Duration.ZERO);
    }

    /** Asks for the job, due {@code delay} from now. */
    public Uni<Void> request(String kind, String key, Duration delay) {
        return request(pool, kind, key, delay);
    }

    /** Asks for the job, due {@code delay} from now, through {@code client} (a transaction's connection). */
    public Uni<Void> request(SqlClient client, String kind, String key, Duration delay) {
        return client.preparedQuery("INSERT INTO work_items (kind, key, due_at) VALUES ($1, $2, " + AFTER_MS.formatted(3) + ")"
                        + REQUEST_AGAIN)
                .execute(Tuple.of(kind, key, delay.toMillis()))
                .onFailure().transform(PgFailures::translate)
                .replaceWithVoid();
    }

    /** Takes the job out of the queue (its work is no longer wanted). */
    public Uni<Void> cancel(String kind, String key) {
        return query("DELETE FROM work_items WHERE kind = $1 AND key = $2", Tuple.of(kind, key)).replaceWithVoid();
    }

    /** A job that is not being worked on is due {@code delay} from now instead (its next poll happened another way). */
    public Uni<Void> postpone(String kind, String key, Duration delay) {
        return query("UPDATE work_items SET due_at = " + AFTER_MS.formatted(3) + ", lease_owner = NULL"
                + " WHERE kind = $1 AND key = $2 AND (lease_owner IS NULL OR due_at <= clock_timestamp())",
                Tuple.of(kind, key, delay.toMillis())).replaceWithVoid();
    }

    // ---- working

    /** What a round did: jobs that succeeded (done, or done for now), and jobs that failed. */
    public record Round(int succeeded, int failed) {
    }

    /**
     * One try of the job now: the outcome, or null when the job is not queued or another instance
     * holds it. What fails stays queued and is retried.
     *
     * @param urgent a person waits for it (a handler calling Cloudflare then takes the user share of the budget)
     */
    public Uni<Outcome> attempt(String kind, String key, boolean urgent) {
        WorkHandler handler = handler(kind);
        return tracked(query("UPDATE work_items SET lease_owner = $3, due_at = " + AFTER_MS.formatted(4)
                        + " WHERE kind = $1 AND key = $2 AND (lease_owner IS NULL OR due_at <= clock_timestamp())"
                        + " RETURNING key, requested_at, attempts",
                Tuple.of(kind, key, self, handler.policy().lease().toMillis()))
                .map(rows -> Rows.first(rows, row -> item(kind, row, urgent)))
                .chain(item -> item == null ? Uni.createFrom().nullItem() : work(handler, item)));
    }

    /**
     * Starts one try of each of these jobs without waiting for them; what fails, or finds them
     * held elsewhere, stays queued for the rounds. Never fails.
     */
    public void start(String kind, Collection<String> keys, boolean urgent) {
        if (keys.isEmpty()) {
            return;
        }
        Multi.createFrom().iterable(keys)
                .onItem().transformToUni(key -> attempt(kind, key, urgent).onFailure().recoverWithNull())
                .merge(START_CONCURRENCY)
                .collect().last()
                .subscribe().with(done -> { }, failure -> { });
    }

    /**
     * Works every job of the kind that is due now, claiming batch after batch until none is left
     * (jobs that come due during the round wait for the next one). Instances, and rounds of one
     * instance, never work the same job at once.
     */
    public Uni<Round> runDue(String kind) {
        WorkHandler handler = handler(kind);
        WorkHandler.Policy policy = handler.policy();
        return tracked(query("SELECT count(*), coalesce(extract(epoch FROM clock_timestamp() - min(due_at)), 0)::float8,"
                        + " clock_timestamp() FROM work_items WHERE kind = $1 AND due_at <= clock_timestamp()", Tuple.of(kind))
                .map(rows -> rows.iterator().next())
                .invoke(backlog -> {
                    due.get(kind).set(backlog.getLong(0));
                    lagSeconds.get(kind).set(Math.round(backlog.getDouble(1)));
                })
                .onItem().transformToMulti(backlog -> Multi.createBy().repeating()
                        .uni(() -> claim(kind, policy, backlog.getOffsetDateTime(2))
                                .chain(batch -> batch.isEmpty() ? Uni.createFrom().item(Claimed.NOTHING)
                                        : prepared(handler, batch).map(work -> new Claimed(work, true))))
                        .whilst(Claimed::any))
                .onItem().transformToMultiAndConcatenate(claimed -> Multi.createFrom().iterable(claimed.work()))
                .onItem().transformToUni(item -> work(handler, item)).merge(policy.concurrency())
                .collect().in(() -> new int[2], (counts, outcome) -> {
                    if (outcome != null) {
                        counts[outcome.succeeded() ? 0 : 1]++;
                    }
                })
                .map(counts -> new Round(counts[0], counts[1])));
    }

    /** How many jobs of the kind another round (of any instance) holds now. */
    public Uni<Long> held(String kind) {
        return query("SELECT count(*) FROM work_items WHERE kind = $1 AND lease_owner IS NOT NULL"
                + " AND due_at > clock_timestamp()", Tuple.of(kind)).map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * A long job keeps its claim, through {@code client} (so that what the job writes in that
     * transaction is written only while it holds it): false when it has lost it (its lease ran out
     * and another instance took it).
     */
    public Uni<Boolean> renew(SqlClient client, WorkItem item) {
        return client.preparedQuery("UPDATE work_items SET due_at = " + AFTER_MS.formatted(4)
                        + " WHERE kind = $1 AND key = $2 AND lease_owner = $3 RETURNING 1")
                .execute(Tuple.of(item.kind(), item.key(), self, handler(item.kind()).policy().lease().toMillis()))
                .map(rows -> rows.size() > 0);
    }

    @Scheduled(every = "${video.work.poll-interval:5S}", delayed = "5S",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        for (String kind : handlers.keySet()) {
            if (stopping || !polling.add(kind)) {
                continue; // this kind's last round is still under way
            }
            runDue(kind)
                    .invoke(round -> {
                        if (round.succeeded() + round.failed() > 0) {
                            LOG.debugf("%s: %d done, %d failed", kind, round.succeeded(), round.failed());
                        }
                    })
                    .onTermination().invoke(() -> polling.remove(kind))
                    .subscribe().with(round -> { },
                            failure -> LOG.warnf("a round of %s failed: %s", kind, failure.toString()));
        }
    }

    private Uni<List<WorkItem>> claim(String kind, WorkHandler.Policy policy, OffsetDateTime roundStart) {
        if (stopping) {
            return Uni.createFrom().item(List.of());
        }
        return query("UPDATE work_items w SET lease_owner = $2, due_at = " + AFTER_MS.formatted(3)
                + " FROM (SELECT kind, key FROM work_items WHERE kind = $1 AND due_at <= $5"
                + " ORDER BY due_at LIMIT $4 FOR UPDATE SKIP LOCKED) claimed"
                + " WHERE w.kind = claimed.kind AND w.key = claimed.key RETURNING w.key, w.requested_at, w.attempts",
                Tuple.of(kind, self, policy.lease().toMillis(), policy.batch(), roundStart))
                .map(rows -> Rows.all(rows, row -> item(kind, row, false)));
    }

    /** What a claim of a round brought: nothing (the round ends), or jobs, of which {@code work} are to be worked now. */
    private record Claimed(List<WorkItem> work, boolean any) {

        static final Claimed NOTHING = new Claimed(List.of(), false);
    }

    /**
     * The batch as its handler prepared it: the jobs to work now. Those it named to wait are given
     * back in one statement; when that fails they are worked with the others.
     */
    private Uni<List<WorkItem>> prepared(WorkHandler handler, List<WorkItem> batch) {
        return handler.prepare(batch).onFailure().recoverWithItem(Map.of())
                .chain(later -> later.isEmpty() ? Uni.createFrom().item(batch) : giveBack(handler.kind(), later)
                        .map(givenBack -> batch.stream().filter(item -> !later.containsKey(item)).toList())
                        .onFailure().recoverWithItem(batch));
    }

    /** Gives the jobs back unworked, each due after its wait, or at once when asked for again meanwhile. */
    private Uni<Void> giveBack(String kind, Map<WorkItem, Duration> later) {
        String[] keys = new String[later.size()];
        OffsetDateTime[] requested = new OffsetDateTime[later.size()];
        Long[] waits = new Long[later.size()];
        int i = 0;
        for (Map.Entry<WorkItem, Duration> job : later.entrySet()) {
            keys[i] = job.getKey().key();
            requested[i] = job.getKey().requestedAt();
            waits[i++] = job.getValue().toMillis();
        }
        return query("UPDATE work_items w SET lease_owner = NULL, last_error = NULL, attempts = 0,"
                + " due_at = CASE WHEN w.requested_at = b.requested_at THEN clock_timestamp() + b.wait * interval '1 millisecond'"
                + " ELSE clock_timestamp() END FROM unnest($2::text[], $3::timestamptz[], $4::bigint[]) AS b(key, requested_at, wait)"
                + " WHERE w.kind = $1 AND w.key = b.key AND w.lease_owner = $5",
                Tuple.of(kind, keys, requested, waits, self)).replaceWithVoid();
    }

    /**
     * Performs the job and records its outcome; never fails. Null, and nothing done, once this
     * instance is shutting down: {@link #stop} hands the job back.
     */
    private Uni<Outcome> work(WorkHandler handler, WorkItem item) {
        if (stopping) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().deferred(() -> handler.perform(item))
                .onFailure().recoverWithItem(Outcome::failed)
                .onItem().ifNull().continueWith(Outcome::done)
                .call(outcome -> settle(handler, item, outcome))
                .invoke(outcome -> metrics.counter(outcome.succeeded() ? "video.work.done" : "video.work.failed",
                        "kind", item.kind()).increment())
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("the outcome of %s %s was not recorded (%s): its lease runs out", item.kind(), item.key(),
                            failure.toString());
                    return Outcome.failed(failure);
                });
    }

    private Uni<Void> settle(WorkHandler handler, WorkItem item, Outcome outcome) {
        Tuple job = Tuple.of(item.kind(), item.key(), item.requestedAt(), self);
        return switch (outcome.kind()) {
            // asked for again meanwhile: it stays, due at once, for the newer request
            case DONE -> record(outcome, "gone AS (DELETE FROM work_items WHERE kind = $1 AND key = $2 AND requested_at = $3"
                    + " AND lease_owner = $4 RETURNING 1)", "UPDATE work_items SET lease_owner = NULL WHERE kind = $1"
                    + " AND key = $2 AND lease_owner = $4 AND NOT EXISTS (SELECT 1 FROM gone)", job);
            case AGAIN -> reschedule(outcome, job.addLong(outcome.after().toMillis()), "0", null);
            case FAILED -> {
                LOG.debugf("%s %s failed (attempt %d): %s", item.kind(), item.key(), item.attempts() + 1, outcome.error());
                Duration wait = outcome.after() != null ? outcome.after() : backoff(handler.policy(), item.attempts());
                yield reschedule(outcome, job.addLong(wait.toMillis()), "attempts + 1", outcome.error());
            }
        };
    }

    /** Gives the job back, due after {@code $5} ms, unless it was asked for again meanwhile (then due at once). */
    private Uni<Void> reschedule(Outcome outcome, Tuple job, String attempts, String error) {
        return record(outcome, "", "UPDATE work_items SET lease_owner = NULL, last_error = $6,"
                + " attempts = CASE WHEN requested_at = $3 THEN " + attempts + " ELSE 0 END,"
                + " due_at = CASE WHEN requested_at = $3 THEN " + AFTER_MS.formatted(5) + " ELSE clock_timestamp() END"
                + " WHERE kind = $1 AND key = $2 AND lease_owner = $4", job.addString(error));
    }

    /**
     * Records the outcome ({@code statement}, after the common table expressions {@code ctes}), and
     * in the same statement the handler's own write when the outcome has one: its parameters come
     * first, the queue's are numbered after them.
     */
    private Uni<Void> record(Outcome outcome, String ctes, String statement, Tuple job) {
        Outcome.Write write = outcome.write();
        if (write == null) {
            return outcomes.execute((ctes.isEmpty() ? "" : "WITH " + ctes + " ") + statement, job);
        }
        int shift = write.arguments().size();
        Tuple arguments = Tuple.tuple();
        for (int i = 0; i < shift; i++) {
            arguments.addValue(write.arguments().getValue(i));
        }
        for (int i = 0; i < job.size(); i++) {
            arguments.addValue(job.getValue(i));
        }
        return outcomes.execute("WITH written AS (" + write.sql() + ")" + (ctes.isEmpty() ? "" : ", " + shifted(ctes, shift))
                + " " + shifted(statement, shift), arguments);
    }

    private static final Pattern PARAMETER = Pattern.compile("\\$(\\d+)");

    /** The SQL with its parameters {@code $n} numbered {@code $(n + shift)}. */
    static String shifted(String sql, int shift) {
        return PARAMETER.matcher(sql).replaceAll(parameter -> "\\$" + (Integer.parseInt(parameter.group(1)) + shift));
    }

    /** The kind's first retry, doubled for each failure in a row before, up to its longest. */
    static Duration backoff(WorkHandler.Policy policy, int failuresBefore) {
        Duration wait = policy.firstRetry().multipliedBy(1L << Math.min(failuresBefore, 20));
        return wait.compareTo(policy.maxRetry()) > 0 ? policy.maxRetry() : wait;
    }

    /**
     * Shutdown: no new claims; the jobs under way get {@code video.work.shutdown-grace} to finish,
     * then every claim this instance still holds is handed back (due at once), so another instance
     * takes those jobs now rather than when their leases run out. Runs on the thread that shuts
     * Quarkus down (never an event loop) and holds it until the claims are back.
     */
    public void stop(@Observes ShutdownEvent shutdown) {
        stopping = true;
        try {
            CompletableFuture.allOf(working.toArray(CompletableFuture[]::new))
                    .get(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("work still under way after %s: its claims are handed back", config.shutdownGrace());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // a failed round holds nothing of its own
        }
        try {
            int handedBack = pool.preparedQuery("UPDATE work_items SET lease_owner = NULL, due_at = clock_timestamp()"
                    + " WHERE lease_owner = $1").execute(Tuple.of(self))
                    .subscribeAsCompletionStage().get(5, TimeUnit.SECONDS).rowCount();
            if (handedBack > 0) {
                LOG.infof("work stopped: handed back %d claimed jobs", handedBack);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("work stopped: could not hand back its claims (their leases run out by themselves): %s", e.toString());
        }
    }

    /** Whether this instance is shutting down (handlers of long jobs stop between steps). */
    public boolean stopping() {
        return stopping;
    }

    /** The Uni, counted among the work under way until it ends, so that shutdown can wait for it. */
    private <T> Uni<T> tracked(Uni<T> work) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            working.add(done);
            return work.onTermination().invoke(() -> {
                working.remove(done);
                done.complete(null);
            });
        });
    }

    private WorkHandler handler(String kind) {
        WorkHandler handler = handlers.get(kind);
        if (handler == null) {
            throw new IllegalArgumentException("no handler for work of kind " + kind);
        }
        return handler;
    }

    private static WorkItem item(String kind, Row row, boolean urgent) {
        return new WorkItem(kind, row.getString("key"), row.getOffsetDateTime("requested_at"), row.getInteger("attempts"),
                urgent);
    }

    private Uni<RowSet<Row>> query(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).onFailure().transform(PgFailures::translate);
    }
}
