package com.coursevideo.cloudflare;

import static com.coursevideo.AsAdmin.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;
import com.coursevideo.cache.CacheMetrics;
import com.coursevideo.dev.fake.StreamFake.Failure;
import com.coursevideo.dev.fake.StreamFake;
import com.coursevideo.video.CloudflareDeletions;
import com.coursevideo.work.WorkItems;
import com.coursevideo.work.WorkQueue;

import io.quarkus.test.junit.QuarkusTest;

/** Deleting a video deletes it at Cloudflare too, durably: nothing is orphaned when Cloudflare is down or we crash. */
@QuarkusTest
class DeletionTest {

    final StreamFake fake = CloudflareFake.fake();

    @Inject
    WorkQueue work;

    @BeforeEach
    void resetFake() {
        fake.reset();
    }

    String register(String course, String uid) {
        Map<String, Object> body = TestData.video(course, "lesson-" + uid);
        body.put("cloudflare_video_id", uid);
        return TestData.newVideo(body);
    }

    @Test
    void deletingAVideoDeletesItAtCloudflareBeforeAnswering() {
        String uid = fake.addVideo("ready");
        String id = register(TestData.newCourse(), uid);
        given().when().delete("/api/videos/" + id).then().statusCode(204);
        assertFalse(fake.has(uid));
        assertFalse(queued(uid));
    }

    @Test
    void deleteFromCloudflareFalseKeepsTheCloudflareVideo() {
        String uid = fake.addVideo("ready");
        String id = register(TestData.newCourse(), uid);
        given().queryParam("delete_from_cloudflare", "false").when().delete("/api/videos/" + id).then().statusCode(204);
        given().when().get("/api/videos/" + id).then().statusCode(404);
        assertTrue(fake.has(uid));
        assertFalse(queued(uid));
    }

    @Test
    void rejectsAMalformedDeleteFromCloudflare() {
        String id = register(TestData.newCourse(), fake.addVideo("ready"));
        given().queryParam("delete_from_cloudflare", "maybe").when().delete("/api/videos/" + id)
                .then().statusCode(400).body("code", org.hamcrest.Matchers.equalTo("INVALID_INPUT"));
        given().when().get("/api/videos/" + id).then().statusCode(200);
    }

    @Test
    void cloudflareDownStillDeletesTheRowAndRetriesUntilConfirmed() {
        String uid = fake.addVideo("ready");
        String id = register(TestData.newCourse(), uid);
        fake.failVideo(uid, Failure.SERVER_ERROR);

        given().when().delete("/api/videos/" + id).then().statusCode(204);
        given().when().get("/api/videos/" + id).then().statusCode(404);
        assertTrue(fake.has(uid));
        assertTrue(queued(uid), "the deletion is kept");

        fake.heal(); // Cloudflare is back, and still has the video
        // the retry job runs when the row is due: make it due now instead of waiting its backoff
        WorkItems.makeDue(CloudflareDeletions.KIND, uid);
        work.runDue(CloudflareDeletions.KIND).await().atMost(Duration.ofSeconds(30));
        assertFalse(fake.has(uid), "deleted at Cloudflare");
        assertFalse(queued(uid), "confirmed deletions leave the queue");
    }

    @Test
    void aCrashAfterTheCommitLosesNothing() {
        // the state a crash right after the delete transaction leaves: the row gone, the deletion queued
        String uid = fake.addVideo("ready");
        WorkItems.request(CloudflareDeletions.KIND, uid);

        work.runDue(CloudflareDeletions.KIND).await().atMost(Duration.ofSeconds(30));

        assertFalse(fake.has(uid));
        assertFalse(queued(uid));
    }

    @Test
    void aVideoCloudflareNoLongerHasCountsAsDeleted() {
        String id = register(TestData.newCourse(), TestData.streamUid());
        given().when().delete("/api/videos/" + id).then().statusCode(204);
        assertEquals(1, fake.requests("delete"));
    }

    @Test
    void deletingACourseQueuesAndDeletesItsVideosAtCloudflare() {
        String course = TestData.newCourse();
        String first = fake.addVideo("ready");
        String second = fake.addVideo("inprogress");
        register(course, first);
        register(course, second);

        given().when().delete("/api/courses/" + course).then().statusCode(204);

        CacheMetrics.awaitTrue("both Cloudflare videos deleted", Duration.ofSeconds(20),
                () -> !fake.has(first) && !fake.has(second) && !queued(first) && !queued(second));
    }

    private static boolean queued(String uid) {
        return WorkItems.queued(CloudflareDeletions.KIND, uid);
    }
}
