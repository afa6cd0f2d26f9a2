package com.coursevideo.sync;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.coursevideo.cloudflare.budget.CloudflareBudget.Priority;
import com.coursevideo.video.CourseVideo;
import com.coursevideo.video.SyncConfig;
import com.coursevideo.video.VideoSync;
import com.coursevideo.work.Outcome;
import com.coursevideo.work.WorkHandler;
import com.coursevideo.work.WorkItem;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Jobs {@code video.sync}, keyed by video id, one per video Cloudflare is still processing (queued
 * with the row): the video is synced, then due again after {@code video.sync.poll-interval} while it
 * is processing (every {@code stuck-poll-interval} once it is stuck), and leaves the queue when it is
 * ready or failed. A failed sync is retried after a wait that doubles with each failure in a row.
 */
@ApplicationScoped
class SyncJob extends WorkHandler {

    private static final Logger LOG = Logger.getLogger(SyncJob.class);

    private final VideoSync sync;
    private final SyncConfig config;
    private final MeterRegistry metrics;

    SyncJob(VideoSync sync, SyncConfig config, MeterRegistry metrics) {
        super(VideoSync.KIND, new Policy(config.batchSize(), config.concurrency(), config.lease(), config.backoff(),
                config.maxBackoff()));
        this.sync = sync;
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public Uni<Outcome> perform(WorkItem item) {
        return sync.syncWhileProcessing(UUID.fromString(item.key()), Priority.of(item.urgent()))
                .map(synced -> {
                    metrics.counter("video.sync.synced").increment();
                    return synced == null || !synced.status().processing() ? Outcome.done() : Outcome.again(nextPoll(synced));
                })
                .onFailure().invoke(() -> metrics.counter("video.sync.failed").increment());
    }

    /** The poll interval; the stuck one for a video processing for longer than {@code stuck-after}. */
    private Duration nextPoll(CourseVideo video) {
        if (video.createdAt().isAfter(OffsetDateTime.now().minus(config.stuckAfter()))) {
            return config.pollInterval();
        }
        metrics.counter("video.sync.stuck").increment();
        LOG.warnf("video %s (Cloudflare %s) is still processing after %s; polling it every %s",
                video.id(), video.cloudflareVideoId(), config.stuckAfter(), config.stuckPollInterval());
        return config.stuckPollInterval();
    }
}
