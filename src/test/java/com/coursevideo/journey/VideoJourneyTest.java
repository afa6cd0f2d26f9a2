package com.coursevideo.journey;

import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.coursevideo.Management;
import com.coursevideo.TestData;
import com.coursevideo.cache.CacheMetrics;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * A video's life as clients see it, over HTTP only, so that it also runs against the packaged
 * jar and the native executable: every integration the service has (PostgreSQL, the Redis
 * cache's scripts, the Cloudflare client, token signing, webhook signatures, metrics) is used.
 */
@QuarkusTest
class VideoJourneyTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void uploadedVideoBecomesReadyAndPlaysWithSignedUrls() throws Exception {
        String course = TestData.newCourse();
        Response slot = given().contentType(ContentType.JSON)
                .body(Map.of("lesson_id", "journey/1", "title", "Journey", "max_duration_seconds", 600,
                        "require_signed_urls", true))
                .when().post("/api/courses/" + course + "/videos/uploads")
                .then().statusCode(201).body("video.status", equalTo("queued"))
                .extract().response();
        String id = slot.path("video.id");
        String uid = slot.path("video.cloudflare_video_id");

        // the admin's browser sends the file to the one-time upload URL (the fake Cloudflare here)
        given().body("video bytes".getBytes(StandardCharsets.UTF_8)).when().post(URI.create(slot.path("upload_url")))
                .then().statusCode(200);

        CacheMetrics.awaitTrue("the video becomes ready", PATIENCE, () -> given().when().get("/api/videos/" + id + "/playback")
                .then().statusCode(200).extract().<Boolean>path("is_ready"));
        JsonPath playback = given().when().get("/api/videos/" + id + "/playback").then().statusCode(200)
                .body("status", equalTo("ready"))
                .body("cloudflare_status.state", equalTo("ready"))
                .body("playback_urls.hls", endsWith("/manifest/video.m3u8"))
                .extract().jsonPath();
        String hls = playback.getString("playback_urls.hls");
        String token = hls.substring(0, hls.length() - "/manifest/video.m3u8".length());
        token = token.substring(token.lastIndexOf('/') + 1);
        String[] parts = token.split("\\.");
        assertEquals(3, parts.length, "a signed token in place of the uid: " + hls);
        JsonPath header = JsonPath.from(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        assertEquals("RS256", header.getString("alg"));
        JsonPath claims = JsonPath.from(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        assertEquals(uid, claims.getString("sub"));
        assertEquals(header.getString("kid"), claims.getString("kid"));

        given().when().get("/api/videos/" + id).then().statusCode(200)
                .body("status", equalTo("ready")).body("processing_progress", equalTo(100));
        given().urlEncodingEnabled(false).when().get("/api/courses/" + course + "/lessons/journey%2F1/video").then().statusCode(200)
                .contentType(ContentType.JSON).body("id", equalTo(id));
        given().when().get("/api/courses/" + course + "/videos").then().statusCode(200)
                .contentType(ContentType.JSON).body("id", contains(id));
    }

    @Test
    void repeatedReadsAreServedFromTheCache() {
        String course = TestData.newCourse();
        String id = TestData.newVideo(TestData.video(course, "cached"));
        double hitsBefore = metric("video_cache_hits_total");
        for (int i = 0; i < 5; i++) {
            // a hit is sent as the stored text: still JSON to the client
            given().when().get("/api/videos/" + id).then().statusCode(200)
                    .contentType(ContentType.JSON).body("id", equalTo(id));
        }
        assertTrue(metric("video_cache_hits_total") >= hitsBefore + 4, "reads after the first are cache hits");

        given().contentType(ContentType.JSON).body(Map.of("title", "Renamed")).when().patch("/api/videos/" + id)
                .then().statusCode(200);
        given().when().get("/api/videos/" + id).then().statusCode(200).body("title", equalTo("Renamed"));
    }

    @Test
    void syncAsksCloudflareAndAnUnknownVideoIsAnError() {
        String course = TestData.newCourse();
        String id = TestData.newVideo(TestData.video(course, "unknown-at-cloudflare"));
        given().when().post("/api/videos/" + id + "/sync").then().statusCode(200)
                .body("status", equalTo("error"));
    }

    @Test
    void webhooksWithoutAValidSignatureAreRefused() {
        given().contentType(ContentType.JSON).body("{\"uid\":\"x\"}")
                .header("Webhook-Signature", "time=" + System.currentTimeMillis() / 1000 + ",sig1=00")
                .when().post("/api/webhooks/cloudflare")
                .then().statusCode(401).body("code", equalTo("INVALID_SIGNATURE"));
    }

    @Test
    void deletedVideoIsGone() {
        String course = TestData.newCourse();
        String id = TestData.newVideo(TestData.video(course, "deleted"));
        given().when().get("/api/videos/" + id).then().statusCode(200);
        given().when().delete("/api/videos/" + id).then().statusCode(204);
        given().when().get("/api/videos/" + id).then().statusCode(404).body("code", equalTo("VIDEO_NOT_FOUND"));
    }

    @Test
    void metricsAreExposedForPrometheus() {
        Management.given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count{"));
    }

    /** A counter's total over all its labels, as Prometheus scrapes it. */
    private static double metric(String name) {
        String text = Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher line = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(text);
        double total = 0;
        while (line.find()) {
            total += Double.parseDouble(line.group(2));
        }
        return total;
    }
}
