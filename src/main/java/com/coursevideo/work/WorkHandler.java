package com.coursevideo.work;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.smallrye.mutiny.Uni;

/**
 * One kind of background job: a CDI bean the {@link WorkQueue} finds by its {@link #kind()}.
 * Adding a job to the service is writing one of these: the queue claims, leases, fans out,
 * retries, logs and hands back on shutdown.
 */
public abstract class WorkHandler {

    private final String kind;
    private final Policy policy;

    /**
     * @param kind the kind of the jobs this handler performs, e.g. {@code cloudflare.delete}
     * @param policy how they are claimed and retried
     */
    protected WorkHandler(String kind, Policy policy) {
        this.kind = kind;
        this.policy = policy;
    }

    /** For the container's client proxies only. */
    protected WorkHandler() {
        this(null, null);
    }

    /** The kind of the jobs this handler performs. */
    public String kind() {
        return kind;
    }

    /** How the jobs of this kind are claimed and retried. */
    public Policy policy() {
        return policy;
    }

    /** Performs one job. A failed Uni counts as {@link Outcome#failed(String)}. */
    public abstract Uni<Outcome> perform(WorkItem item);

    /**
     * Called with each batch a round claims, before its jobs are performed: a handler may read what
     * they need in one query rather than one a job, and name jobs of the batch not to work now, each
     * with its wait: the queue gives them all back in one statement, due after their waits (at once
     * when asked for again meanwhile), as {@link Outcome#again} would one by one. None by default; a
     * failure only means each job is performed and reads for itself.
     */
    public Uni<Map<WorkItem, Duration>> prepare(List<WorkItem> batch) {
        return Uni.createFrom().item(Map.of());
    }

    /**
     * @param batch jobs claimed at a time
     * @param concurrency jobs worked at once by one instance
     * @param lease how long a claim holds: a job whose instance died is due again after it
     * @param firstRetry the wait after a first failure; it doubles with each failure in a row
     * @param maxRetry the longest wait between retries
     */
    public record Policy(int batch, int concurrency, Duration lease, Duration firstRetry, Duration maxRetry) {

        public static final Policy DEFAULT = new Policy(50, 4, Duration.ofMinutes(2), Duration.ofSeconds(30),
                Duration.ofHours(1));

        /** This policy, its first retry after {@code wait}. */
        public Policy firstRetryAfter(Duration wait) {
            return new Policy(batch, concurrency, lease, wait, maxRetry);
        }
    }
}
