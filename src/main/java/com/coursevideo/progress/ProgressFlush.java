package com.coursevideo.progress;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.coursevideo.database.PgFailures;
import com.coursevideo.work.Outcome;
import com.coursevideo.work.WorkHandler;
import com.coursevideo.work.WorkItem;
import com.coursevideo.work.WorkQueue;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Jobs {@code progress.flush}, keyed by buffer stream ({@code 0} to {@code progress.shards - 1}),
 * always queued: every {@code progress.flush-interval}, each instance runs the due ones, so each
 * stream is flushed by one instance at a time (the queue's lease) and by another when that one dies.
 * A flush that fails (PostgreSQL or Redis down) is retried after a second, then after doubling
 * waits of at most the interval; the heartbeats wait in Redis meanwhile. A graceful shutdown flushes
 * every stream first, whoever holds its job (two flushes of one stream at once lose nothing).
 */
@ApplicationScoped
class ProgressFlush extends WorkHandler {

    static final String KIND = "progress.flush";
    /** A service that migrates as it starts may run a round before the work queue's table exists. */
    private static final String UNDEFINED_TABLE = "42P01";

    private static final Logger LOG = Logger.getLogger(ProgressFlush.class);

    private final HeartbeatBuffer buffer;
    private final WorkQueue work;
    private final ProgressConfig config;
    private volatile boolean queued;

    ProgressFlush(HeartbeatBuffer buffer, WorkQueue work, ProgressConfig config) {
        super(KIND, new Policy(config.shards(), config.shards(), Duration.ofMinutes(1), Duration.ofSeconds(1),
                config.flushInterval()));
        this.buffer = buffer;
        this.work = work;
        this.config = config;
    }

    @Override
    public Uni<Outcome> perform(WorkItem item) {
        return buffer.flush(Integer.parseInt(item.key()))
                .invoke(flushed -> {
                    if (flushed > 0) {
                        LOG.debugf("flushed %d heartbeats of stream %s", flushed, item.key());
                    }
                })
                .map(flushed -> Outcome.again(Duration.ZERO));
    }

    /** The first round after an interval: a service that migrates as it starts has no work queue before. */
    @Scheduled(every = "${progress.flush-interval}", delayed = "${progress.flush-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> round() {
        if (work.stopping()) {
            return Uni.createFrom().voidItem();
        }
        return ensureQueued()
                .chain(() -> work.runDue(KIND))
                .onFailure(PgFailures.hasCode(UNDEFINED_TABLE))
                .invoke(failure -> LOG.debugf("no flush of learner progress: the schema is not migrated yet"))
                .onFailure(PgFailures.hasCode(UNDEFINED_TABLE).negate())
                .invoke(failure -> LOG.warnf("a flush of learner progress failed: %s", failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Queues every stream's job once (they stay queued: each flush leaves its job due again). */
    private Uni<Void> ensureQueued() {
        if (queued) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().items(IntStream.range(0, config.shards()).boxed())
                .onItem().transformToUniAndConcatenate(shard -> work.request(KIND, shard.toString(), Duration.ZERO))
                .collect().last()
                .invoke(() -> queued = true)
                .replaceWithVoid();
    }

    /** Flushes every stream now (tests, and erasure: what was sent before it is in PostgreSQL when it runs). */
    Uni<Integer> flushAll() {
        return Multi.createFrom().items(IntStream.range(0, config.shards()).boxed())
                .onItem().transformToUni(buffer::flush).merge()
                .collect().asList()
                .map(counts -> counts.stream().mapToInt(Integer::intValue).sum());
    }

    /**
     * Shutdown: what this instance acknowledged is in PostgreSQL before it stops (it would be
     * flushed by the other instances anyway; a last instance leaves nothing behind). Runs on the
     * thread that shuts Quarkus down, never an event loop.
     */
    void flushBeforeStop(@Observes ShutdownEvent shutdown) {
        try {
            Integer flushed = flushAll().subscribeAsCompletionStage()
                    .get(config.shutdownFlushTimeout().toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("learner progress flushed before stopping: %d heartbeats", flushed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("learner progress not flushed before stopping (it stays in Redis for the other instances): %s",
                    e.toString());
        }
    }
}
