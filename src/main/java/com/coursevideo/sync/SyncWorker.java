package com.coursevideo.sync;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.coursevideo.cloudflare.CloudflareBudget.Priority;
import com.coursevideo.video.CourseVideo;
import com.coursevideo.video.VideoSync;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The batch status sync: each round claims due videos batch by batch and syncs them with
 * bounded concurrency, one failure never stopping the others. Every replica runs it; claims
 * keep them apart, and the Cloudflare budget keeps the fleet polite.
 */
@ApplicationScoped
public class SyncWorker {

    private static final Logger LOG = Logger.getLogger(SyncWorker.class);

    private final SyncClaims claims;
    private final VideoSync sync;
    private final SyncConfig config;
    private final MeterRegistry metrics;
    private final AtomicLong due = new AtomicLong();
    private final AtomicLong lagSeconds = new AtomicLong();

    SyncWorker(SyncClaims claims, VideoSync sync, SyncConfig config, MeterRegistry metrics) {
        this.claims = claims;
        this.sync = sync;
        this.config = config;
        this.metrics = metrics;
        metrics.gauge("video.sync.due", due);
        metrics.gauge("video.sync.lag.seconds", lagSeconds);
    }

    public record Result(int synced, int failed) {
    }

    @Scheduled(every = "${video.sync.interval:30S}", delayed = "10S",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledRound() {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return runRound()
                .invoke(result -> {
                    if (result.synced() + result.failed() > 0) {
                        LOG.debugf("sync round: %d synced, %d failed", result.synced(), result.failed());
                    }
                })
                .replaceWithVoid()
                .onFailure().invoke(failure -> LOG.warnf("sync round failed: %s", failure.toString()))
                .onFailure().recoverWithNull();
    }

    /** Syncs every video due now (claiming batch after batch until none is left). */
    public Uni<Result> runRound() {
        return claims.backlog()
                .invoke(backlog -> {
                    due.set(backlog.due());
                    lagSeconds.set(Math.round(backlog.oldestAgeSeconds()));
                })
                .onItem().transformToMulti(backlog -> Multi.createBy().repeating().uni(claims::claim)
                        .whilst(batch -> !batch.isEmpty()))
                .onItem().transformToMultiAndConcatenate(batch -> Multi.createFrom().iterable(batch))
                .onItem().transformToUni(this::syncOne).merge(config.concurrency())
                .collect().in(() -> new int[2], (counts, synced) -> counts[synced ? 0 : 1]++)
                .map(counts -> new Result(counts[0], counts[1]));
    }

    private Uni<Boolean> syncOne(CourseVideo video) {
        return sync.sync(video, Priority.BACKGROUND)
                .chain(() -> claims.synced(video.id()))
                .invoke(stuck -> {
                    metrics.counter("video.sync.synced").increment();
                    if (stuck) {
                        metrics.counter("video.sync.stuck").increment();
                        LOG.warnf("video %s (Cloudflare %s) is still processing after %s; polling it every %s",
                                video.id(), video.cloudflareVideoId(), config.stuckAfter(), config.stuckPollInterval());
                    }
                })
                .map(stuck -> true)
                .onFailure().recoverWithUni(failure -> {
                    LOG.debugf("sync of %s failed: %s", video.id(), failure.getMessage());
                    metrics.counter("video.sync.failed").increment();
                    return claims.failed(video.id()).onFailure().recoverWithNull().map(nothing -> false);
                });
    }
}
