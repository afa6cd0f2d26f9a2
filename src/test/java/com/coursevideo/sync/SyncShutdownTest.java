package com.coursevideo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;
import com.coursevideo.cache.CacheMetrics;
import com.coursevideo.cloudflare.CloudflareFake;
import com.coursevideo.dev.fake.StreamFake;
import com.coursevideo.video.VideoSync;
import com.coursevideo.work.WorkQueue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** A replica shutting down mid-round: it stops claiming, finishes what is under way, hands the rest back. */
@QuarkusTest
@TestProfile(SlowCloudflareProfile.class)
class SyncShutdownTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int VIDEOS = 40;

    final StreamFake fake = CloudflareFake.fake();

    @Inject
    WorkQueue work;

    @Inject
    Pool pool;

    @Test
    void shutdownFinishesSyncsUnderWayAndHandsBackTheOtherClaims() {
        // other tests' processing videos out of the way (syncing them would take a while at 300 ms a call)
        pool.query("UPDATE work_items SET due_at = clock_timestamp() + interval '1 day' WHERE kind = '" + VideoSync.KIND + "'")
                .execute().await().atMost(PATIENCE);
        fake.reset();
        fake.latency(SlowCloudflareProfile.LATENCY);
        String course = TestData.newCourse();
        List<String> uids = SyncWorkerTest.processingVideos(fake, course, VIDEOS, "ready");

        CompletableFuture<WorkQueue.Round> round = work.runDue(VideoSync.KIND).subscribeAsCompletionStage().toCompletableFuture();
        CacheMetrics.awaitTrue("the round has begun syncing", PATIENCE, () -> calls(uids) > 0);
        work.stop(null);

        assertTrue(round.isDone(), "the round had finished when stop returned");
        WorkQueue.Round result = round.join();
        int called = calls(uids);
        assertTrue(called < VIDEOS, "no new syncs after stop: " + called + " of " + VIDEOS);
        assertEquals(called, result.succeeded(), "every sync under way finished: " + result);

        List<Row> rows = new ArrayList<>();
        pool.preparedQuery("SELECT v.status::text, w.key IS NOT NULL AS queued, w.lease_owner IS NULL AS released,"
                + " w.due_at <= clock_timestamp() AS due FROM course_videos v"
                + " LEFT JOIN work_items w ON w.kind = $2 AND w.key = v.id::text WHERE v.course_id = $1::uuid")
                .execute(Tuple.of(course, VideoSync.KIND))
                .await().atMost(PATIENCE).forEach(rows::add);
        assertEquals(VIDEOS, rows.size());
        long synced = rows.stream().filter(row -> row.getString("status").equals("ready")).count();
        assertEquals(called, synced, "the synced videos are ready");
        for (Row row : rows) {
            boolean handedBack = row.getString("status").equals("inprogress");
            assertEquals(handedBack, row.getBoolean("queued"), "a synced video's job is done, one handed back stays");
            if (handedBack) {
                assertTrue(row.getBoolean("released"), "no claim left behind");
                assertTrue(row.getBoolean("due"), "a video handed back is due now");
            }
        }
    }

    private int calls(List<String> uids) {
        return uids.stream().mapToInt(fake::requestsFor).sum();
    }
}
