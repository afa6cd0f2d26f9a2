package com.coursevideo.sync;

import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;
import com.coursevideo.cloudflare.CloudflareFake;
import com.coursevideo.cloudflare.StreamAccount;
import com.coursevideo.cloudflare.WebhookSignature;
import com.coursevideo.dev.fake.StreamFake.Failure;
import com.coursevideo.dev.fake.StreamFake;
import com.coursevideo.video.VideoSync;
import com.coursevideo.work.WorkItems;
import com.coursevideo.work.WorkQueue;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Sync rounds: claimed so that workers never share a video, with backoff, webhooks and stuck videos. */
@QuarkusTest
class SyncWorkerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    final StreamFake fake = CloudflareFake.fake();

    @Inject
    WorkQueue work;

    @Inject
    StreamAccount account;

    @Inject
    Pool pool;

    @BeforeEach
    void resetFake() {
        fake.reset();
        // earlier tests leave processing videos of their own; a round now puts them out of the way
        work.runDue(VideoSync.KIND).await().atMost(PATIENCE);
    }

    List<String> processingVideos(int count, String state) {
        return processingVideos(fake, TestData.newCourse(), count, state);
    }

    /** Registers {@code count} videos in {@code inprogress} whose Cloudflare videos the fake has in {@code state}. */
    static List<String> processingVideos(StreamFake fake, String course, int count, String state) {
        List<String> uids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String uid = fake.addVideo(state);
            Map<String, Object> body = TestData.video(course, "lesson-" + i);
            body.put("cloudflare_video_id", uid);
            body.put("status", "inprogress");
            TestData.newVideo(body);
            uids.add(uid);
        }
        return uids;
    }

    @Test
    void twoWorkersSyncEveryDueVideoExactlyOnce() {
        List<String> uids = processingVideos(60, "inprogress");
        var first = work.runDue(VideoSync.KIND).subscribeAsCompletionStage();
        var second = work.runDue(VideoSync.KIND).subscribeAsCompletionStage();
        WorkQueue.Round a = first.toCompletableFuture().join();
        WorkQueue.Round b = second.toCompletableFuture().join();

        for (String uid : uids) {
            assertEquals(1, fake.requestsFor(uid), "video " + uid + " synced once");
        }
        assertTrue(a.succeeded() + b.succeeded() >= 60, a + " + " + b);
        // still processing at Cloudflare, but not due again this round
        assertEquals(new WorkQueue.Round(0, 0), work.runDue(VideoSync.KIND).await().atMost(PATIENCE));
    }

    @Test
    void syncNowRunsARoundAndCounts() {
        List<String> uids = processingVideos(3, "ready");
        fake.failVideo(uids.get(0), Failure.SERVER_ERROR);
        given().when().post("/api/videos/sync")
                .then().statusCode(200)
                .body("synced", equalTo(2))
                .body("failed", equalTo(1));
    }

    @Test
    void aFailingVideoBacksOffInsteadOfBeingPolledEveryRound() {
        String uid = processingVideos(1, "ready").get(0);
        fake.failVideo(uid, Failure.SERVER_ERROR);
        work.runDue(VideoSync.KIND).await().atMost(PATIENCE);
        int calls = fake.requestsFor(uid);
        work.runDue(VideoSync.KIND).await().atMost(PATIENCE);
        assertEquals(calls, fake.requestsFor(uid), "not retried before its backoff");
        assertEquals(1, WorkItems.attempts(VideoSync.KIND, videoId(uid)));
        assertTrue(WorkItems.secondsUntilDue(VideoSync.KIND, videoId(uid)) > 20);
    }

    @Test
    void aVideoUpdatedByWebhookSkipsTheNextPoll() {
        String uid = processingVideos(1, "ready").get(0);
        String body = "{\"uid\":\"" + uid + "\",\"status\":{\"state\":\"inprogress\",\"pctComplete\":\"50\"}}";
        String time = Long.toString(java.time.Instant.now().getEpochSecond());
        given().contentType("application/json").body(body)
                .header("Webhook-Signature", "time=" + time + ",sig1="
                        + WebhookSignature.sign(account.webhookSecret(), time, body.getBytes()))
                .when().post("/api/webhooks/cloudflare").then().statusCode(200);
        work.runDue(VideoSync.KIND).await().atMost(PATIENCE);
        assertEquals(0, fake.requestsFor(uid));
    }

    @Test
    void aVideoStuckProcessingIsPolledRarely() {
        String uid = processingVideos(1, "inprogress").get(0);
        pool.preparedQuery("UPDATE course_videos SET created_at = clock_timestamp() - interval '7 hours'"
                + " WHERE cloudflare_video_id = $1").execute(Tuple.of(uid)).await().atMost(PATIENCE);
        work.runDue(VideoSync.KIND).await().atMost(PATIENCE);
        assertEquals(1, fake.requestsFor(uid));
        assertTrue(WorkItems.secondsUntilDue(VideoSync.KIND, videoId(uid)) > 3000, "next poll in about an hour");
    }

    @Test
    void aClaimOfADeadReplicaRunsOutAndTheVideoIsSyncedAgain() {
        String uid = processingVideos(1, "ready").get(0);
        // an instance claimed it and died: the lease is still running
        WorkItems.heldElsewhere(VideoSync.KIND, videoId(uid), 60);
        work.runDue(VideoSync.KIND).await().atMost(PATIENCE);
        assertEquals(0, fake.requestsFor(uid), "claimed elsewhere");
        WorkItems.heldElsewhere(VideoSync.KIND, videoId(uid), -1);
        work.runDue(VideoSync.KIND).await().atMost(PATIENCE);
        assertEquals(1, fake.requestsFor(uid), "the lease ran out");
    }

    /**
     * The manual sync answers only when every video due at its start is synced: one held by
     * another round is waited for (here a replica that claimed it and died: its lease runs out,
     * then the manual sync takes it over).
     */
    @Test
    void manualSyncAnswersOnceHeldVideosAreSyncedToo() {
        String uid = processingVideos(1, "ready").get(0);
        WorkItems.heldElsewhere(VideoSync.KIND, videoId(uid), 2);

        given().when().post("/api/videos/sync").then().statusCode(200).body("synced", greaterThanOrEqualTo(1));

        assertEquals("ready", pool.preparedQuery("SELECT status::text FROM course_videos WHERE cloudflare_video_id = $1")
                .execute(Tuple.of(uid)).await().atMost(PATIENCE).iterator().next().getString(0));
    }

    @Test
    void syncBookkeepingLeavesUpdatedAtAlone() {
        String uid = processingVideos(1, "inprogress").get(0);
        work.runDue(VideoSync.KIND).await().atMost(PATIENCE); // brings the row in line with Cloudflare
        String before = updatedAt(uid);
        WorkItems.makeDue(VideoSync.KIND, videoId(uid));
        work.runDue(VideoSync.KIND).await().atMost(PATIENCE); // claimed, synced (nothing differs), released
        assertEquals(2, fake.requestsFor(uid));
        assertEquals(before, updatedAt(uid));
    }

    /** As stored: a cached copy could hide a change. */
    private String updatedAt(String uid) {
        return pool.preparedQuery("SELECT updated_at::text FROM course_videos WHERE cloudflare_video_id = $1")
                .execute(Tuple.of(uid)).await().atMost(PATIENCE).iterator().next().getString(0);
    }

    /** The id of the video registered under {@code uid}: the key of its sync job. */
    private String videoId(String uid) {
        return pool.preparedQuery("SELECT id::text FROM course_videos WHERE cloudflare_video_id = $1")
                .execute(Tuple.of(uid)).await().atMost(PATIENCE).iterator().next().getString(0);
    }
}
