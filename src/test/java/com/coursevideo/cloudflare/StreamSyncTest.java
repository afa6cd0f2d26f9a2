package com.coursevideo.cloudflare;

import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;
import com.coursevideo.cloudflare.signing.SigningKeys;
import com.coursevideo.dev.fake.StreamFake.Failure;
import com.coursevideo.dev.fake.StreamFake;

import io.quarkus.test.junit.QuarkusTest;

/** Playback and sync against the local Cloudflare fake, including each way Cloudflare fails. */
@QuarkusTest
class StreamSyncTest {

    final StreamFake fake = CloudflareFake.fake();

    @Inject
    io.quarkus.redis.datasource.RedisDataSource redis;

    @Inject
    com.coursevideo.cache.CacheConfig cache;

    @BeforeEach
    @org.junit.jupiter.api.AfterEach
    void resetFakeAndBudget() {
        fake.reset();
        // a 429 pauses the fleet's budget (in Redis) for its Retry-After: no test may inherit that
        redis.key().del(cache.keyPrefix() + "{cloudflare-budget}");
    }

    /** Registers a video for a new uid the fake has in {@code state}; returns the video id. */
    String videoAtCloudflare(String state, String pct) {
        String uid = fake.addVideo(state);
        fake.setState(uid, state, pct);
        Map<String, Object> body = TestData.video(TestData.newCourse(), "lesson");
        body.put("cloudflare_video_id", uid);
        return TestData.newVideo(body);
    }

    @Test
    void playbackOfAReadyVideoSyncsTheRowAndGivesUrls() {
        String id = videoAtCloudflare("ready", null);
        String uid = given().when().get("/api/videos/" + id).then().extract().path("cloudflare_video_id");
        String base = fake.deliveryBase();

        given().when().get("/api/videos/" + id + "/playback")
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("status", equalTo("ready"))
                .body("processing_progress", equalTo(100))
                .body("duration", equalTo(42.5f))
                .body("cloudflare_status.state", equalTo("ready"))
                .body("cloudflare_status.pct_complete", equalTo(100f))
                .body("cloudflare_status.error_reason_code", nullValue())
                .body("is_ready", equalTo(true))
                .body("playback_urls.hls", equalTo(base + "/" + uid + "/manifest/video.m3u8"))
                .body("playback_urls.dash", equalTo(base + "/" + uid + "/manifest/video.mpd"))
                .body("thumbnail_url_generated", equalTo(base + "/" + uid + "/thumbnails/thumbnail.jpg"));

        // the row itself was brought up to date
        given().when().get("/api/videos/" + id)
                .then().body("status", equalTo("ready"))
                .body("playback_hls_url", equalTo(base + "/" + uid + "/manifest/video.m3u8"))
                .body("thumbnail_url", equalTo(base + "/" + uid + "/thumbnails/thumbnail.jpg"));
    }

    @Test
    void playbackMapsStringPctCompleteToIntegerProgress() {
        String id = videoAtCloudflare("inprogress", "42.5");
        given().when().get("/api/videos/" + id + "/playback")
                .then().statusCode(200)
                .body("status", equalTo("inprogress"))
                .body("processing_progress", equalTo(42))
                .body("cloudflare_status.pct_complete", equalTo(42.5f))
                .body("is_ready", equalTo(false))
                .body("playback_urls.hls", nullValue());
    }

    @Test
    void cloudflareStatesMapAsTheContractSays() {
        for (String[] mapping : new String[][] { { "pendingupload", "queued" }, { "downloading", "queued" },
                { "queued", "queued" }, { "inprogress", "inprogress" }, { "ready", "ready" }, { "error", "error" } }) {
            String id = videoAtCloudflare(mapping[0], "0");
            given().when().post("/api/videos/" + id + "/sync")
                    .then().statusCode(200).body("status", equalTo(mapping[1]));
        }
    }

    @Test
    void playbackAnswersFromTheRowWhenCloudflareIsDown() {
        String id = videoAtCloudflare("ready", null);
        String uid = given().when().get("/api/videos/" + id).then().extract().path("cloudflare_video_id");
        fake.failVideo(uid, Failure.SERVER_ERROR);

        given().when().get("/api/videos/" + id + "/playback")
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("status", equalTo("queued"))
                .body("cloudflare_status", nullValue())
                .body("is_ready", equalTo(false));
    }

    @Test
    void signedVideoUrlsCarryATokenInPlaceOfTheUid() throws Exception {
        String uid = fake.addVideo("ready");
        Map<String, Object> body = TestData.video(TestData.newCourse(), "signed");
        body.put("cloudflare_video_id", uid);
        body.put("require_signed_urls", true);
        String id = TestData.newVideo(body);

        String hls = given().when().get("/api/videos/" + id + "/playback")
                .then().statusCode(200)
                .body("playback_urls.hls", containsString("/manifest/video.m3u8"))
                .body("playback_urls.hls", org.hamcrest.Matchers.not(containsString(uid)))
                .extract().path("playback_urls.hls");
        String token = hls.substring(fake.deliveryBase().length() + 1, hls.indexOf("/manifest/"));
        SignedTokens.assertValid(token, uid, fake.signingKeyId(), SigningKeys.parse(fake.signingKeyPem()));
    }

    @Test
    void syncRetriesAServerErrorAndSucceeds() {
        String id = videoAtCloudflare("ready", null);
        int before = fake.requests("get");
        fake.failNext(1, Failure.SERVER_ERROR, "get");
        given().when().post("/api/videos/" + id + "/sync").then().statusCode(200).body("status", equalTo("ready"));
        assertEquals(before + 2, fake.requests("get"));
    }

    @Test
    void syncIs502WhenCloudflareKeepsFailing() {
        String id = videoAtCloudflare("ready", null);
        String uid = given().when().get("/api/videos/" + id).then().extract().path("cloudflare_video_id");
        for (Failure failure : new Failure[] { Failure.SERVER_ERROR, Failure.MALFORMED, Failure.TIMEOUT }) {
            fake.failVideo(uid, failure);
            given().when().post("/api/videos/" + id + "/sync")
                    .then().statusCode(502)
                    .contentType("application/problem+json")
                    .body("code", equalTo("CLOUDFLARE_ERROR"))
                    .body("detail", org.hamcrest.Matchers.not(containsString("Bearer")));
            given().when().get("/api/videos/" + id).then().body("status", equalTo("queued"));
        }
    }

    @Test
    void syncWaitsOutAShortRetryAfter() {
        String id = videoAtCloudflare("ready", null);
        fake.retryAfterSeconds(1);
        fake.failNext(1, Failure.RATE_LIMITED);
        given().when().post("/api/videos/" + id + "/sync").then().statusCode(200).body("status", equalTo("ready"));
    }

    /** 429s say Cloudflare is busy, not failing: however many, they never open the circuit breaker. */
    @Test
    void rateLimitsDoNotOpenTheCircuitBreaker() {
        String id = videoAtCloudflare("ready", null);
        fake.retryAfterSeconds(0);
        fake.failNext(120, Failure.RATE_LIMITED); // each sync: a 429, one wait-and-retry, a 429
        for (int i = 0; i < 60; i++) {
            given().when().post("/api/videos/" + id + "/sync").then().statusCode(502).body("detail", containsString("rate limiting"));
        }

        given().when().post("/api/videos/" + id + "/sync").then().statusCode(200).body("status", equalTo("ready"));
    }

    @Test
    void syncGivesUpOnALongRetryAfter() {
        String id = videoAtCloudflare("ready", null);
        fake.retryAfterSeconds(300);
        fake.failNext(1, Failure.RATE_LIMITED);
        int before = fake.requests("get");
        given().when().post("/api/videos/" + id + "/sync")
                .then().statusCode(502).body("code", equalTo("CLOUDFLARE_ERROR"))
                .body("detail", containsString("retry after 300 s"));
        assertEquals(before + 1, fake.requests("get"), "a 429 is not hammered with retries");
    }

    @Test
    void uidCloudflareNoLongerKnowsMakesTheVideoAnError() {
        Map<String, Object> body = TestData.video(TestData.newCourse(), "gone");
        String id = TestData.newVideo(body); // a uid the fake never had
        given().when().post("/api/videos/" + id + "/sync")
                .then().statusCode(200)
                .body("status", equalTo("error"))
                .body("error_message", containsString("no longer has video " + body.get("cloudflare_video_id")));
    }

    @Test
    void errorReasonBecomesTheErrorMessage() {
        String uid = fake.addVideo("error");
        fake.setError(uid, "ERR_NON_VIDEO", "The upload is not a video");
        Map<String, Object> body = TestData.video(TestData.newCourse(), "broken");
        body.put("cloudflare_video_id", uid);
        String id = TestData.newVideo(body);
        given().when().get("/api/videos/" + id + "/playback")
                .then().statusCode(200)
                .body("status", equalTo("error"))
                .body("error_message", equalTo("ERR_NON_VIDEO: The upload is not a video"))
                .body("cloudflare_status.error_reason_code", equalTo("ERR_NON_VIDEO"));
    }

    @Test
    void aLongErrorReasonIsCutTo2000Characters() {
        String uid = fake.addVideo("error");
        String reason = "é".repeat(5000); // two bytes each in UTF-8: the cut counts characters
        fake.setError(uid, "ERR_LONG", reason);
        Map<String, Object> body = TestData.video(TestData.newCourse(), "long-error");
        body.put("cloudflare_video_id", uid);
        String id = TestData.newVideo(body);
        String message = given().when().post("/api/videos/" + id + "/sync")
                .then().statusCode(200).body("status", equalTo("error"))
                .extract().path("error_message");
        assertEquals(StreamVideo.MAX_ERROR_MESSAGE, message.length());
        assertEquals("ERR_LONG: " + reason.substring(0, StreamVideo.MAX_ERROR_MESSAGE - "ERR_LONG: ".length()), message);
        String shown = given().when().get("/api/videos/" + id + "/playback")
                .then().statusCode(200).extract().path("cloudflare_status.error_reason_text");
        assertEquals(StreamVideo.MAX_ERROR_MESSAGE, shown.length());
    }

    @Test
    void syncAllSyncsProcessingVideosAndCountsFailures() {
        String ready = videoAtCloudflare("ready", null);
        String encoding = videoAtCloudflare("inprogress", "10");
        String failing = videoAtCloudflare("ready", null);
        String failingUid = given().when().get("/api/videos/" + failing).then().extract().path("cloudflare_video_id");
        fake.failVideo(failingUid, Failure.SERVER_ERROR);

        Map<String, Integer> result = given().when().post("/api/videos/sync")
                .then().statusCode(200).extract().jsonPath().getMap("$");
        assertTrue(result.get("failed") >= 1, result.toString());
        assertTrue(result.get("synced") >= 2, result.toString());

        given().when().get("/api/videos/" + ready).then().body("status", equalTo("ready"));
        given().when().get("/api/videos/" + encoding).then().body("status", equalTo("inprogress"))
                .body("processing_progress", equalTo(10));
        given().when().get("/api/videos/" + failing).then().body("status", equalTo("queued"));
    }
}
