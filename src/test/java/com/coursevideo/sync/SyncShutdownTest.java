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
    SyncWorker worker;

    @Inject
    Pool pool;

    @Test
    void shutdownFinishesSyncsUnderWayAndHandsBackTheOtherClaims() {
        // other tests' processing videos out of the way (syncing them would take a while at 300 ms a call)
        pool.query("UPDATE course_videos SET next_sync_at = clock_timestamp() + interval '1 day'"
                + " WHERE status IN ('queued', 'inprogress')").execute().await().atMost(PATIENCE);
        fake.reset();
        fake.latency(SlowCloudflareProfile.LATENCY);
        String course = TestData.newCourse();
        List<String> uids = SyncWorkerTest.processingVideos(fake, course, VIDEOS, "ready");

        CompletableFuture<SyncWorker.Result> round = worker.runRound().subscribeAsCompletionStage().toCompletableFuture();
        CacheMetrics.awaitTrue("the round has begun syncing", PATIENCE, () -> calls(uids) > 0);
        worker.stop(null);

        assertTrue(round.isDone(), "the round had finished when stop returned");
        SyncWorker.Result result = round.join();
        int called = calls(uids);
        assertTrue(called < VIDEOS, "no new syncs after stop: " + called + " of " + VIDEOS);
        assertEquals(called, result.synced(), "every sync under way finished: " + result);

        List<Row> rows = new ArrayList<>();
        pool.preparedQuery("SELECT status::text, sync_lease_until IS NULL AS released, next_sync_at <= clock_timestamp() AS due"
                + " FROM course_videos WHERE course_id = $1::uuid").execute(Tuple.of(course))
                .await().atMost(PATIENCE).forEach(rows::add);
        assertEquals(VIDEOS, rows.size());
        long synced = rows.stream().filter(row -> row.getString("status").equals("ready")).count();
        assertEquals(called, synced, "the synced videos are ready");
        for (Row row : rows) {
            assertTrue(row.getBoolean("released"), "no claim left behind");
            assertEquals(row.getString("status").equals("inprogress"), row.getBoolean("due"),
                    "a video handed back is due now; a synced one is not");
        }
    }

    private int calls(List<String> uids) {
        return uids.stream().mapToInt(fake::requestsFor).sum();
    }
}
