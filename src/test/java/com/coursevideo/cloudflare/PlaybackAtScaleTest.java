package com.coursevideo.cloudflare;

import static com.coursevideo.AsAdmin.asLearner;
import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;
import com.coursevideo.access.TestTokens;
import com.coursevideo.cache.CacheMetrics;
import com.coursevideo.dev.fake.StreamFake.Failure;
import com.coursevideo.dev.fake.StreamFake;
import com.coursevideo.video.CloudflareDeletions;
import com.coursevideo.video.CloudflareSettings;
import com.coursevideo.work.WorkItems;
import com.coursevideo.work.WorkQueue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Playback that does not wait on Cloudflare, and "signed" enforced at Cloudflare: ready videos
 * are answered from the row, processing ones checked at most once per interval, the
 * requireSignedURLs setting kept and retried until Cloudflare has it, and only Cloudflare's own
 * "no such video" taken as such.
 */
@QuarkusTest
class PlaybackAtScaleTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    final StreamFake fake = CloudflareFake.fake();

    @Inject
    WorkQueue work;

    @Inject
    Pool pool;

    @BeforeEach
    @AfterEach
    void resetFake() {
        fake.reset();
    }

    @Test
    void playbackOfReadyVideosMakesNoCloudflareCall() {
        String course = TestData.newCourse();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(videoAtCloudflare(course, "ready", "ready-" + i, i % 2 == 0));
        }
        int before = fake.requests("get");
        for (int i = 0; i < 1000; i++) {
            given().when().get("/api/videos/" + ids.get(i % ids.size()) + "/playback").then().statusCode(200)
                    .body("is_ready", equalTo(true))
                    .body("cloudflare_status.state", equalTo("ready"));
        }
        assertEquals(before, fake.requests("get"), "Cloudflare calls for 1,000 playbacks of ready videos");
    }

    @Test
    void concurrentPlaybacksOfAProcessingVideoShareOneCheck() throws Exception {
        String uid = fake.addVideo("inprogress");
        fake.setState(uid, "inprogress", "42.5");
        String id = register(TestData.newCourse(), "processing", uid, false);
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest playback = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                + "/api/videos/" + id + "/playback")).header("Authorization", "Bearer " + TestTokens.admin()).build();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            answers.add(client.sendAsync(playback, HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"state\":\"inprogress\""), response.body());
        }
        assertEquals(1, fake.requestsFor(uid), "Cloudflare calls for 100 concurrent playbacks of one processing video");
        given().when().get("/api/videos/" + id).then().body("status", equalTo("inprogress"))
                .body("processing_progress", equalTo(42));
    }

    @Test
    void signedUrlsSetByPatchReachCloudflareAfterItFailedTheFirstAttempts() {
        String uid = fake.addVideo("ready");
        String id = register(TestData.newCourse(), "to-sign", uid, false);
        given().when().get("/api/videos/" + id).then().body("signed_urls_enforced", equalTo(true));

        fake.failVideo(uid, Failure.SERVER_ERROR); // this uid's calls only: background work elsewhere takes none of it
        given().contentType(ContentType.JSON).body(Map.of("require_signed_urls", true))
                .when().patch("/api/videos/" + id).then().statusCode(200)
                .body("require_signed_urls", equalTo(true))
                .body("signed_urls_enforced", equalTo(false));
        CacheMetrics.awaitTrue("the first attempt failed and was postponed", PATIENCE, () -> attempts(uid) >= 1);
        assertFalse(fake.requiresSignedUrls(uid));

        fake.heal();
        WorkItems.makeDue(CloudflareSettings.KIND, uid);
        work.runDue(CloudflareSettings.KIND).await().atMost(PATIENCE);
        assertTrue(fake.requiresSignedUrls(uid), "requireSignedURLs at Cloudflare");
        given().when().get("/api/videos/" + id).then().body("signed_urls_enforced", equalTo(true));
        assertEquals(0, queued(uid));
    }

    @Test
    void aSignedVideoIsHiddenFromLearnersUntilCloudflareEnforcesIt() {
        String course = TestData.newCourse();
        String uid = fake.addVideo("ready");
        fake.failVideo(uid, Failure.SERVER_ERROR);
        String id = registeredAsAtCloudflare(course, uid, "signed-later", true);
        CacheMetrics.awaitTrue("the first attempt to protect it failed", PATIENCE, () -> attempts(uid) >= 1);

        given().when().get("/api/videos/" + id).then().statusCode(200).body("signed_urls_enforced", equalTo(false));
        // its bare uid would play without a token: learners do not learn the video exists
        asLearner(course).when().get("/api/videos/" + id).then().statusCode(404).body("code", equalTo("VIDEO_NOT_FOUND"));
        asLearner(course).when().get("/api/videos/" + id + "/playback").then().statusCode(404);
        asLearner(course).when().get("/api/courses/" + course + "/lessons/signed-later/video").then().statusCode(404);
        asLearner(course).when().get("/api/courses/" + course + "/videos").then().statusCode(200).body("id", not(hasItem(id)));

        fake.heal();
        WorkItems.makeDue(CloudflareSettings.KIND, uid);
        work.runDue(CloudflareSettings.KIND).await().atMost(PATIENCE);

        asLearner(course).when().get("/api/videos/" + id).then().statusCode(200)
                .body("cloudflare_video_id", nullValue()).body("playback_hls_url", nullValue());
        asLearner(course).when().get("/api/courses/" + course + "/videos").then().statusCode(200).body("id", hasItem(id));
    }

    @Test
    void aVideoRegisteredWithSignedUrlsIsProtectedAtCloudflare() {
        String uid = fake.addVideo("ready");
        String id = register(TestData.newCourse(), "signed", uid, true);
        CacheMetrics.awaitTrue("Cloudflare confirmed", PATIENCE, () -> Boolean.TRUE.equals(
                given().when().get("/api/videos/" + id).then().extract().path("signed_urls_enforced")));
        assertTrue(fake.requiresSignedUrls(uid));
    }

    @Test
    void syncRepairsASettingChangedAtCloudflare() {
        String uid = fake.addVideo("ready");
        String id = register(TestData.newCourse(), "drift", uid, true);
        CacheMetrics.awaitTrue("Cloudflare confirmed", PATIENCE, () -> fake.requiresSignedUrls(uid)
                && Boolean.TRUE.equals(given().when().get("/api/videos/" + id).then().extract().path("signed_urls_enforced")));

        fake.setRequiresSignedUrls(uid, false); // someone in the dashboard
        fake.failVideo(uid, Failure.SERVER_ERROR);
        given().when().post("/api/videos/" + id + "/sync").then().statusCode(502);
        fake.heal();
        given().when().post("/api/videos/" + id + "/sync").then().statusCode(200)
                .body("signed_urls_enforced", equalTo(false));
        CacheMetrics.awaitTrue("the row's setting is back at Cloudflare", PATIENCE, () -> fake.requiresSignedUrls(uid));
        CacheMetrics.awaitTrue("and known to be", PATIENCE, () -> Boolean.TRUE.equals(
                given().when().get("/api/videos/" + id).then().extract().path("signed_urls_enforced")));
    }

    @Test
    void aProxysNotFoundPageChangesNothing() {
        String uid = fake.addVideo("inprogress");
        String id = register(TestData.newCourse(), "proxied", uid, false);
        fake.failVideo(uid, Failure.PROXY_NOT_FOUND);
        given().when().post("/api/videos/" + id + "/sync").then().statusCode(502)
                .body("code", equalTo("CLOUDFLARE_ERROR"));
        given().when().get("/api/videos/" + id).then().body("status", equalTo("queued"));

        // nor is it taken for a finished deletion
        given().when().delete("/api/videos/" + id).then().statusCode(204);
        assertEquals(1, queued(uid));
        assertTrue(fake.has(uid));
    }

    @Test
    void aReadyVideoTurnsErrorOnlyAfterTwoAnswersAMinuteApart() {
        String id = TestData.readyVideo(TestData.newCourse(), "vanishing", Map.of());
        given().when().post("/api/videos/" + id + "/sync").then().statusCode(200).body("status", equalTo("ready"));
        given().when().post("/api/videos/" + id + "/sync").then().statusCode(200).body("status", equalTo("ready"));
        pool.preparedQuery("UPDATE course_videos SET cloudflare_missing_since = clock_timestamp() - interval '61 seconds'"
                + " WHERE id = $1").execute(Tuple.of(java.util.UUID.fromString(id))).await().atMost(PATIENCE);
        given().when().post("/api/videos/" + id + "/sync").then().statusCode(200).body("status", equalTo("error"));
    }

    @Test
    void aVideoThatIsBackIsNoLongerCountedMissing() {
        String uid = fake.addVideo("ready");
        String id = register(TestData.newCourse(), "flaky", uid, false);
        pool.preparedQuery("UPDATE course_videos SET cloudflare_missing_since = clock_timestamp() - interval '1 hour'"
                + " WHERE id = $1").execute(Tuple.of(java.util.UUID.fromString(id))).await().atMost(PATIENCE);
        given().when().post("/api/videos/" + id + "/sync").then().statusCode(200).body("status", equalTo("ready"));
        assertEquals(0L, pool.preparedQuery("SELECT count(*) FROM course_videos WHERE id = $1"
                + " AND cloudflare_missing_since IS NOT NULL").execute(Tuple.of(java.util.UUID.fromString(id)))
                .await().atMost(PATIENCE).iterator().next().getLong(0));
    }

    @Test
    void aUidWhoseDeletionIsPendingCannotBeRegisteredAgain() {
        String uid = fake.addVideo("ready");
        String id = register(TestData.newCourse(), "deleted", uid, false);
        // every call about this uid fails (not "the next three calls": background work elsewhere could take those)
        fake.failVideo(uid, Failure.SERVER_ERROR);
        given().when().delete("/api/videos/" + id).then().statusCode(204);
        assertEquals(1, queued(uid));
        Map<String, Object> again = TestData.video(TestData.newCourse(), "again");
        again.put("cloudflare_video_id", uid);
        given().contentType(ContentType.JSON).body(again).when().post("/api/videos")
                .then().statusCode(409).body("code", equalTo("DUPLICATE_VIDEO"));
    }

    @Test
    void aSignedTokenIsReusedWhileMostOfItsLifeRemains() {
        String id = videoAtCloudflare(TestData.newCourse(), "ready", "tokens", true);
        String first = given().when().get("/api/videos/" + id + "/playback").then().extract().path("playback_urls.hls");
        String second = given().when().get("/api/videos/" + id + "/playback").then().extract().path("playback_urls.hls");
        assertEquals(first, second);
        String token = first.substring(0, first.lastIndexOf("/manifest/"));
        token = token.substring(token.lastIndexOf('/') + 1);
        io.restassured.path.json.JsonPath claims = io.restassured.path.json.JsonPath.from(new String(
                java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8));
        long now = System.currentTimeMillis() / 1000;
        assertTrue(claims.getLong("nbf") <= now - 29 && claims.getLong("nbf") >= now - 40, "nbf 30 s back: " + claims.prettify());
    }

    // --- helpers

    /** A video the fake has, registered in the same state; returns its id. */
    private String videoAtCloudflare(String course, String state, String lesson, boolean signed) {
        return registeredAsAtCloudflare(course, fake.addVideo(state), lesson, signed);
    }

    /** The video Cloudflare has as {@code uid}, registered in the state Cloudflare has it in. */
    private String registeredAsAtCloudflare(String course, String uid, String lesson, boolean signed) {
        String state = fake.details(uid).getJsonObject("status").getString("state");
        Map<String, Object> body = TestData.video(course, lesson);
        body.put("cloudflare_video_id", uid);
        body.put("status", state);
        body.put("require_signed_urls", signed);
        return TestData.newVideo(body);
    }

    private static String register(String course, String lesson, String uid, boolean signed) {
        Map<String, Object> body = TestData.video(course, lesson);
        body.put("cloudflare_video_id", uid);
        body.put("require_signed_urls", signed);
        return TestData.newVideo(body);
    }

    private static long attempts(String uid) {
        return WorkItems.attempts(CloudflareSettings.KIND, uid);
    }

    /** Its Cloudflare work still queued: settings and deletion. */
    private static long queued(String uid) {
        return (WorkItems.queued(CloudflareSettings.KIND, uid) ? 1 : 0) + (WorkItems.queued(CloudflareDeletions.KIND, uid) ? 1 : 0);
    }
}
