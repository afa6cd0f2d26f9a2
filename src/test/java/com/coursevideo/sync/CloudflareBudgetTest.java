package com.coursevideo.sync;

import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;
import com.coursevideo.cloudflare.CloudflareFake;
import com.coursevideo.dev.fake.StreamFake.Failure;
import com.coursevideo.dev.fake.StreamFake;
import com.coursevideo.video.CloudflareSettings;
import com.coursevideo.video.VideoSync;
import com.coursevideo.work.WorkItems;
import com.coursevideo.work.WorkQueue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The shared budget holds every Cloudflare call to the limit, so Cloudflare never has to say 429. */
@QuarkusTest
@TestProfile(TinyBudgetProfile.class)
class CloudflareBudgetTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    final StreamFake fake = CloudflareFake.fake();

    @Inject
    WorkQueue work;

    @Inject
    RedisDataSource redis;

    @BeforeEach
    void freshBudget() {
        fake.reset();
        redis.key().del("cv-test-budget:{cloudflare-budget}");
        // other tests' processing videos would take the budget too (a console test leaves 1,000 queued, which
        // took this budget of 5 background calls a second over 3 minutes to sync away): their syncs are dropped
        WorkItems.dropAll(VideoSync.KIND);
    }

    String video(String state) {
        String uid = fake.addVideo(state);
        Map<String, Object> body = TestData.video(TestData.newCourse(), "l");
        body.put("cloudflare_video_id", uid);
        body.put("status", "inprogress");
        return TestData.newVideo(body);
    }

    @Test
    void syncRoundAndUserCallsStayWithinTheLimit() {
        List<String> videos = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            videos.add(video("inprogress"));
        }
        String watched = video("ready");
        fake.limit(10, Duration.ofSeconds(1));

        CompletableFuture<WorkQueue.Round> round = work.runDue(VideoSync.KIND).subscribeAsCompletionStage().toCompletableFuture();
        // a person watching meanwhile gets a token before the sync's share
        given().when().get("/api/videos/" + watched + "/playback")
                .then().statusCode(200).body("cloudflare_status.state", equalTo("ready"));
        WorkQueue.Round result = round.join();

        assertEquals(0, fake.rateLimitedCalls(), "Cloudflare never had to refuse a call");
        assertTrue(fake.busiestWindow() <= 10, "at most 10 calls in any second: " + fake.busiestWindow());
        assertEquals(0, result.failed(), result.toString());
        assertTrue(result.succeeded() >= 40, result.toString());
    }

    @Test
    void aCoursesNewOriginsReachEveryVideoWithinTheLimitWhileUsersGoFirst() {
        String course = TestData.newCourse();
        List<String> uids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String uid = fake.addVideo("ready");
            uids.add(uid);
            Map<String, Object> body = TestData.video(course, "lesson-" + i);
            body.put("cloudflare_video_id", uid);
            body.put("status", "ready");
            TestData.newVideo(body);
        }
        String watched = video("inprogress");
        fake.limit(10, Duration.ofSeconds(1));
        given().contentType(ContentType.JSON).body(Map.of("allowed_origins", List.of("learn.example.com")))
                .when().patch("/api/courses/" + course).then().statusCode(200);
        assertEquals(0, fake.requests("update"), "the course's answer waits for no Cloudflare call");

        CompletableFuture<WorkQueue.Round> round = work.runDue(CloudflareSettings.KIND).subscribeAsCompletionStage()
                .toCompletableFuture();
        // a person meanwhile gets a token before the background's share
        given().when().get("/api/videos/" + watched + "/playback").then().statusCode(200)
                .body("cloudflare_status.state", equalTo("inprogress"));
        WorkQueue.Round result = round.join();

        assertEquals(0, result.failed(), result.toString());
        for (String uid : uids) {
            assertEquals(List.of("learn.example.com"), fake.allowedOrigins(uid));
        }
        assertEquals(0, fake.rateLimitedCalls(), "Cloudflare never had to refuse a call");
        assertTrue(fake.busiestWindow() <= 10, "at most 10 calls in any second: " + fake.busiestWindow());
    }

    @Test
    void a429PausesEveryCallerForItsRetryAfter() {
        String first = video("ready");
        String second = video("ready");
        fake.retryAfterSeconds(30);
        fake.failNext(1, Failure.RATE_LIMITED);
        given().when().post("/api/videos/" + first + "/sync").then().statusCode(502);
        int calls = fake.requests("get");

        // the pause is the fleet's: the next call does not even reach Cloudflare
        given().when().post("/api/videos/" + second + "/sync")
                .then().statusCode(502)
                .body("code", equalTo("CLOUDFLARE_ERROR"))
                .body("detail", containsString("budget"));
        assertEquals(calls, fake.requests("get"));
        String paused = redis.hash(String.class).hget("cv-test-budget:{cloudflare-budget}", "paused_until");
        assertTrue(Long.parseLong(paused) > System.currentTimeMillis() + 20_000, paused);
        redis.key().del("cv-test-budget:{cloudflare-budget}");
    }

    @Test
    void withoutRedisEachReplicaKeepsToItsShare() {
        var bucket = new com.coursevideo.cloudflare.budget.CloudflareBudgetAccess(2, 1).bucket();
        assertEquals(0, bucket.take(0));
        assertEquals(0, bucket.take(0));
        assertTrue(bucket.take(0) > 0, "the third call in a burst of a 2-token share waits");
        assertTrue(bucket.take(1) > 0);
    }
}
