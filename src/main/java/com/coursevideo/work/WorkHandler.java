package com.coursevideo.work;

import java.time.Duration;

import io.smallrye.mutiny.Uni;

/**
 * One kind of background job: a CDI bean the {@link WorkQueue} finds by its {@link #kind()}.
 * Adding a job to the service is writing one of these: the queue claims, leases, fans out,
 * retries, logs and hands back on shutdown.
 */
public interface WorkHandler {

    /** The kind of the jobs this handler performs, e.g. {@code cloudflare.delete}. */
    String kind();

    /** Performs one job. A failed Uni counts as {@link Outcome#failed(String)}. */
    Uni<Outcome> perform(WorkItem item);

    /** How the jobs of this kind are claimed and retried. */
    default Policy policy() {
        return Policy.DEFAULT;
    }

    /**
     * @param batch jobs claimed at a time
     * @param concurrency jobs worked at once by one instance
     * @param lease how long a claim holds: a job whose instance died is due again after it
     * @param firstRetry the wait after a first failure; it doubles with each failure in a row
     * @param maxRetry the longest wait between retries
     */
    record Policy(int batch, int concurrency, Duration lease, Duration firstRetry, Duration maxRetry) {

        public static final Policy DEFAULT = new Policy(50, 4, Duration.ofMinutes(2), Duration.ofSeconds(30),
                Duration.ofHours(1));
    }
}
