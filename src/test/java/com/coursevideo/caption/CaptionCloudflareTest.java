package com.coursevideo.caption;

import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coursevideo.AsAdmin;
import com.coursevideo.TestData;
import com.coursevideo.cloudflare.CloudflareFake;
import com.coursevideo.dev.fake.StreamFake.Failure;
import com.coursevideo.dev.fake.StreamFake;
import com.coursevideo.work.WorkItems;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Captions when Cloudflare fails, ends a generation in error, or loses a caption (the fake, driven from here). */
@QuarkusTest
class CaptionCloudflareTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    final StreamFake fake = CloudflareFake.fake();

    @Inject
    Pool pool;

    String uid;
    String video;

    @BeforeEach
    void readyVideoAtCloudflare() {
        fake.reset();
        fake.subscribeWebhook(RestAssured.baseURI + ":" + RestAssured.port + "/api/webhooks/cloudflare");
        uid = fake.addVideo("ready");
        Map<String, Object> body = TestData.video(TestData.newCourse(), "at-cloudflare");
        body.put("cloudflare_video_id", uid);
        body.put("status", "ready");
        video = TestData.newVideo(body);
    }

    @Test
    void nothingIsRecordedWhenCloudflareFails() {
        fake.failNext(3, Failure.SERVER_ERROR, "caption_upload"); // the call and both retries
        given().contentType("text/vtt").body(CaptionTest.VTT).when().put(CaptionTest.captions(video) + "/en")
                .then().statusCode(502).body("code", equalTo("CLOUDFLARE_ERROR"));
        fake.failNext(1, Failure.SERVER_ERROR, "caption_generate"); // generating is not retried: each call would start one
        given().when().post(CaptionTest.captions(video) + "/en/generate").then().statusCode(502);

        given().when().get(CaptionTest.captions(video)).then().statusCode(200).body("$", empty());
        assertEquals(Set.of(), fake.captionLanguages(uid));
        assertEquals(0, rows());
    }

    @Test
    void aGenerationThatFailedIsDeletedAndGeneratedAgain() throws Exception {
        given().when().post(CaptionTest.captions(video) + "/en/generate").then().statusCode(202);
        fake.setCaptionStatus(uid, "en", "error");

        // Cloudflare's notification about the video is when the service looks at its captions too
        assertEquals(200, fake.deliverWebhook(uid).get());
        given().when().get(CaptionTest.captions(video)).then().body("[0].status", equalTo("error"));

        given().when().post(CaptionTest.captions(video) + "/en/generate").then().statusCode(202)
                .body("status", equalTo("inprogress"));
        assertEquals(Set.of("en"), fake.captionLanguages(uid));
        assertEquals(1, fake.requests("caption_delete"), "the failed captions were deleted first, as Cloudflare requires");
    }

    @Test
    void aCaptionCloudflareNoLongerListsEndsInError() {
        given().when().post(CaptionTest.captions(video) + "/en/generate").then().statusCode(202);
        fake.reset(); // the video and its captions are gone at Cloudflare

        given().when().post("/api/videos/sync").then().statusCode(200);

        given().when().get(CaptionTest.captions(video)).then().body("status", contains("error"));
    }

    @Test
    void aGeneratedFileIsFetchedOnceAndLearnersAreServedTheStoredCopy() {
        given().when().post(CaptionTest.captions(video) + "/en/generate").then().statusCode(202);
        fake.setCaptionStatus(uid, "en", "ready");
        given().when().post("/api/videos/sync").then().statusCode(200);
        assertEquals(1, fake.requests("caption_vtt"), "the check that saw it ready fetched the file");

        String course = given().when().get("/api/videos/" + video).then().extract().path("course_id");
        for (int i = 0; i < 20; i++) {
            AsAdmin.asLearner(course).when().get(CaptionTest.captions(video) + "/en/vtt").then().statusCode(200)
                    .body(equalTo(fake.captionText(uid, "en")));
        }
        assertEquals(1, fake.requests("caption_vtt"), "the first read (a cache miss) and the rest never asked Cloudflare");
    }

    @Test
    void aReadyCaptionWithoutAStoredFileGetsItOnceFromItsCheck() {
        given().contentType("text/vtt").body(CaptionTest.VTT).when().put(CaptionTest.captions(video) + "/en").then().statusCode(200);
        // as the release before left it: ready, no copy; the migration queued its check
        pool.preparedQuery("UPDATE video_captions SET vtt = NULL WHERE video_id = $1::uuid").execute(Tuple.of(video))
                .await().atMost(PATIENCE);
        WorkItems.request(CaptionChecks.KIND, video);
        given().when().get(CaptionTest.captions(video) + "/en/vtt").then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        assertEquals(0, fake.requests("caption_vtt"));

        given().when().post("/api/videos/sync").then().statusCode(200);

        assertEquals(1, fake.requests("caption_vtt"));
        given().when().get(CaptionTest.captions(video) + "/en/vtt").then().statusCode(200).body(equalTo(CaptionTest.VTT));
        given().when().post("/api/videos/sync").then().statusCode(200);
        assertEquals(1, fake.requests("caption_vtt"), "a stored file is not fetched again");
    }

    @Test
    void deletingTheVideoDeletesItsCaptions() {
        given().contentType("text/vtt").body(CaptionTest.VTT).when().put(CaptionTest.captions(video) + "/en").then().statusCode(200);
        assertEquals(CaptionTest.VTT, fake.captionText(uid, "en"));
        assertEquals(1, rows());

        given().when().delete("/api/videos/" + video).then().statusCode(204);

        assertEquals(0, rows());
        assertFalse(fake.has(uid), "Cloudflare deletes the video's captions with it");
    }

    private long rows() {
        return pool.preparedQuery("SELECT count(*) FROM video_captions WHERE video_id = $1::uuid").execute(Tuple.of(video))
                .await().atMost(PATIENCE).iterator().next().getLong(0);
    }
}
