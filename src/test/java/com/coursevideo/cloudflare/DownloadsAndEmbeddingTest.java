package com.coursevideo.cloudflare;

import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;
import com.coursevideo.cache.CacheMetrics;
import com.coursevideo.cloudflare.signing.SigningKeys;
import com.coursevideo.dev.fake.StreamFake;
import com.coursevideo.video.CloudflareDownloads;
import com.coursevideo.video.CloudflareSettings;
import com.coursevideo.work.WorkItems;
import com.coursevideo.work.WorkQueue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/** Downloads, embedding and thumbnails: the rows' settings reach Cloudflare (the fake) through the queue, and back. */
@QuarkusTest
class DownloadsAndEmbeddingTest {

    private static final Duration ROUND = Duration.ofSeconds(30);

    @Inject
    WorkQueue work;

    private final StreamFake fake = CloudflareFake.fake();

    @Test
    void aDownloadableVideoGetsItsMp4AndPlaybackOffersIt() {
        String uid = fake.addVideo("ready");
        String video = readyVideo(TestData.newCourse(), uid, Map.of("downloadable", true));
        given().when().get("/api/videos/" + video).then().body("downloadable", equalTo(true))
                .body("download_status", equalTo("none"));
        assertTrue(WorkItems.queued(CloudflareDownloads.KIND, uid), "the download is queued with the row");

        String status = downloadMade(video, uid);
        assertEquals("ready", status);
        assertTrue(fake.hasDownload(uid));
        given().when().get("/api/videos/" + video + "/playback").then().statusCode(200)
                .body("download_url", equalTo(fake.deliveryBase() + "/" + uid + "/downloads/default.mp4"))
                .body("download_status", equalTo("ready"));

        given().contentType(ContentType.JSON).body(Map.of("downloadable", false)).when().patch("/api/videos/" + video)
                .then().statusCode(200);
        work.runDue(CloudflareDownloads.KIND).await().atMost(ROUND);
        assertFalse(fake.hasDownload(uid), "no longer downloadable: Cloudflare's download is deleted");
        given().when().get("/api/videos/" + video + "/playback").then()
                .body("download_status", equalTo("none")).body("download_url", nullValue());
    }

    @Test
    void aSignedVideosDownloadAndThumbnailCarryTokens() throws Exception {
        String uid = fake.addVideo("ready");
        String video = readyVideo(TestData.newCourse(), uid, Map.of("downloadable", true, "require_signed_urls", true));
        work.runDue(CloudflareSettings.KIND).await().atMost(ROUND);
        assertEquals("ready", downloadMade(video, uid));

        Response playback = given().when().get("/api/videos/" + video + "/playback").then().statusCode(200).extract().response();
        String download = playback.path("download_url");
        String prefix = fake.deliveryBase() + "/";
        assertTrue(download.startsWith(prefix) && download.endsWith("/downloads/default.mp4"), download);
        String token = download.substring(prefix.length(), download.length() - "/downloads/default.mp4".length());
        SignedTokens.assertValid(token, uid, fake.signingKeyId(), SigningKeys.parse(fake.signingKeyPem()));
        assertEquals(Boolean.TRUE, claims(token).getBoolean("downloadable"));

        String thumbnail = playback.path("thumbnail_url_generated");
        assertFalse(thumbnail.contains(uid), "a signed video's thumbnail carries the token: " + thumbnail);
        String thumbnailToken = thumbnail.substring(prefix.length(), thumbnail.indexOf("/thumbnails/"));
        SignedTokens.assertValid(thumbnailToken, uid, fake.signingKeyId(), SigningKeys.parse(fake.signingKeyPem()));
        assertFalse(claims(thumbnailToken).containsKey("downloadable"), "only a download's token may download");
    }

    @Test
    void thePostersPlaceReachesCloudflare() {
        String uid = fake.addVideo("ready");
        String video = readyVideo(TestData.newCourse(), uid, Map.of());
        given().contentType(ContentType.JSON).body(Map.of("thumbnail_timestamp_pct", 0.25)).when().patch("/api/videos/" + video)
                .then().statusCode(200).body("thumbnail_timestamp_pct", equalTo(0.25f));
        // a round of the settings job (the service's own poller may hold it, or a Cloudflare call on a busy
        // machine may pass the tests' 3 s timeout and be retried: rounds until it is there)
        CacheMetrics.awaitTrue("the poster's place reaches Cloudflare", ROUND, () -> {
            work.runDue(CloudflareSettings.KIND).await().atMost(ROUND);
            return Double.valueOf(0.25).equals(fake.thumbnailTimestampPct(uid));
        });
        given().contentType(ContentType.JSON).body(Map.of("thumbnail_timestamp_pct", 1.5)).when().patch("/api/videos/" + video)
                .then().statusCode(400).body("code", equalTo("INVALID_INPUT"));
    }

    @Test
    void aCoursesOriginsReachEveryVideoInTheBackgroundAndNewOnes() {
        String course = TestData.newCourse();
        List<String> uids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String uid = fake.addVideo("ready");
            uids.add(uid);
            readyVideo(course, uid, Map.of());
        }
        List<String> origins = List.of("learn.example.com", "*.example.org", "localhost:3000");
        given().contentType(ContentType.JSON).body(Map.of("allowed_origins", List.of("Learn.Example.com ", "*.example.org",
                "localhost:3000", "learn.example.com"))).when().patch("/api/courses/" + course)
                .then().statusCode(200).body("allowed_origins", equalTo(origins));
        for (String uid : uids) {
            assertTrue(WorkItems.queued(CloudflareSettings.KIND, uid), "queued for the background rounds");
            assertEquals(List.of(), fake.allowedOrigins(uid), "nothing is sent while the admin waits");
        }
        work.runDue(CloudflareSettings.KIND).await().atMost(ROUND);
        for (String uid : uids) {
            assertEquals(origins, fake.allowedOrigins(uid));
        }

        String later = fake.addVideo("ready");
        readyVideo(course, later, Map.of());
        settingsReach("a video added later gets the course's origins", () -> origins.equals(fake.allowedOrigins(later)));
        given().when().get("/api/courses/" + course).then().body("allowed_origins", equalTo(origins));
    }

    @Test
    void originsThatAreNotHostNamesAreRefused() {
        String course = TestData.newCourse();
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            tooMany.add("site" + i + ".example.com");
        }
        for (Object origins : List.of(tooMany, List.of("https://example.com"), List.of("example.com/lessons"),
                List.of("exa mple.com"), List.of("*"), List.of("*.com"), List.of("example.com:65536"))) {
            given().contentType(ContentType.JSON).body(Map.of("allowed_origins", origins)).when().patch("/api/courses/" + course)
                    .then().statusCode(400).body("code", equalTo("INVALID_INPUT"));
        }
        given().contentType(ContentType.JSON).body(Map.of("title", "With origins", "allowed_origins",
                List.of("example.com", "*.lessons.example.com", "localhost:65535")))
                .when().post("/api/courses").then().statusCode(201)
                .body("allowed_origins", equalTo(List.of("example.com", "*.lessons.example.com", "localhost:65535")));
    }

    @Test
    void syncRepairsSettingsChangedBehindTheServicesBack() {
        String course = TestData.newCourse();
        given().contentType(ContentType.JSON).body(Map.of("allowed_origins", List.of("example.com"))).when()
                .patch("/api/courses/" + course).then().statusCode(200);
        String uid = fake.addVideo("ready");
        String video = readyVideo(course, uid, Map.of("thumbnail_timestamp_pct", 0.5));
        settingsReach("the course's origins reach the new video", () -> List.of("example.com").equals(fake.allowedOrigins(uid)));

        fake.setAllowedOrigins(uid, List.of("pirate.example.net"));
        given().when().post("/api/videos/" + video + "/sync").then().statusCode(200);
        assertTrue(WorkItems.queued(CloudflareSettings.KIND, uid) || fake.allowedOrigins(uid).equals(List.of("example.com")),
                "the sync saw the drift and queued the repair");
        // the repair is started at once (and a round works what that leaves)
        CacheMetrics.awaitTrue("the course's origins win", ROUND, () -> {
            work.runDue(CloudflareSettings.KIND).await().atMost(ROUND);
            return fake.allowedOrigins(uid).equals(List.of("example.com"));
        });
        assertEquals(0.5, fake.thumbnailTimestampPct(uid));
    }

    /** Runs the video's download job until Cloudflare's download is no longer in progress; the status the row then shows. */
    private String downloadMade(String video, String uid) {
        String[] status = new String[1];
        CacheMetrics.awaitTrue("the download is made", ROUND, () -> {
            WorkItems.makeDue(CloudflareDownloads.KIND, uid);
            work.runDue(CloudflareDownloads.KIND).await().atMost(ROUND);
            status[0] = given().when().get("/api/videos/" + video).then().statusCode(200).extract().path("download_status");
            return !"inprogress".equals(status[0]) && !"none".equals(status[0]);
        });
        return status[0];
    }

    private static String readyVideo(String course, String uid, Map<String, Object> extra) {
        Map<String, Object> fields = new java.util.HashMap<>(extra);
        fields.put("cloudflare_video_id", uid);
        return TestData.readyVideo(course, "lesson-" + uid, fields);
    }

    private static JsonObject claims(String token) {
        return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    /**
     * Rounds of the settings jobs until {@code reached}: a video's write starts its job at once without
     * waiting for it, so a round may find it held by that attempt and end before it is done.
     */
    private void settingsReach(String what, BooleanSupplier reached) {
        CacheMetrics.awaitTrue(what, ROUND, () -> {
            work.runDue(CloudflareSettings.KIND).await().atMost(ROUND);
            return reached.getAsBoolean();
        });
    }
}
