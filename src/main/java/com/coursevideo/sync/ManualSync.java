package com.coursevideo.sync;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.coursevideo.caption.CaptionChecks;
import com.coursevideo.video.SyncConfig;
import com.coursevideo.video.VideoSync;
import com.coursevideo.work.WorkQueue;

import io.smallrye.mutiny.Uni;

/**
 * {@code POST /api/videos/sync}: every video whose sync is due synced now, then every generated caption
 * in progress that is due a check checked. It answers once each of those videos has been synced, by
 * its own rounds or by the round (of this instance or another) that held it: while some are held it
 * waits and runs another round, which also takes over the jobs of a claim that ran out (an instance
 * that died); it gives up waiting after one lease.
 */
@ApplicationScoped
class ManualSync {

    private static final Logger LOG = Logger.getLogger(ManualSync.class);
    /** How often it looks again at videos another round holds. */
    private static final Duration HELD_POLL = Duration.ofMillis(200);

    private final WorkQueue work;
    private final SyncConfig config;

    ManualSync(WorkQueue work, SyncConfig config) {
        this.work = work;
        this.config = config;
    }

    /** How many syncs succeeded and failed. */
    record Result(int synced, int failed) {
    }

    Uni<Result> syncNow() {
        long deadline = System.nanoTime() + config.lease().toNanos();
        int[] counts = new int[2];
        return Uni.createFrom().deferred(() -> work.runDue(VideoSync.KIND))
                        .invoke(round -> {
                            counts[0] += round.succeeded();
                            counts[1] += round.failed();
                        })
                        .chain(() -> work.held(VideoSync.KIND))
                        .repeat().withDelay(HELD_POLL).whilst(held -> held > 0 && System.nanoTime() < deadline)
                        .collect().last()
                .invoke(held -> {
                    if (held != null && held > 0) {
                        LOG.warnf("manual sync answered with %d videos still held by another round after %s", held,
                                config.lease());
                    }
                })
                .chain(() -> work.runDue(CaptionChecks.KIND))
                .map(captions -> new Result(counts[0], counts[1]));
    }
}
