package com.coursevideo.events;

import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;
import com.coursevideo.cache.CacheMetrics;
import com.coursevideo.cloudflare.CloudflareFake;
import com.coursevideo.dev.fake.StreamFake;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/**
 * Events, downloads and embedding against the packaged service (the jar, or the native executable
 * with {@code -Dnative}), its work queue running on its own: what a course platform sees.
 */
@QuarkusIntegrationTest
@TestProfile(WorkingQueueProfile.class)
class EventsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final PlatformEndpoints endpoints = new PlatformEndpoints();
    private final StreamFake fake = CloudflareFake.fake();

    @AfterEach
    void closeEndpoints() throws Exception {
        endpoints.close();
    }

    @Test
    void aPlatformVerifiesDeliveriesAcrossASecretRotation() throws Exception {
        Receiver platform = endpoints.receiver();
        Response endpoint = endpoints.register(platform.url(), "video.ready", "video.deleted");
        String id = endpoint.path("id");
        String course = TestData.newCourse();
        String video = TestData.newVideo(TestData.video(course, "ready-lesson"));
        given().contentType(ContentType.JSON).body(Map.of("status", "ready")).when().patch("/api/videos/" + video)
                .then().statusCode(200);

        Receiver.Received first = platform.awaitAbout(video, 1, WAIT).get(0);
        assertEquals("video.ready", first.event().getString("type"));
        JsonObject verified = PlatformVerifier.verify(endpoint.path("secret"), first.headers(), first.body());
        assertTrue(verified.getBoolean("verified"), verified.encode());
        // the endpoint hears of every video of the service: its log is searched by the event's id (the webhook-id)
        String eventId = first.headers().get("webhook-id");
        CacheMetrics.awaitTrue("the log shows it delivered", WAIT,
                () -> "delivered".equals(delivery(id, eventId).get("status")));

        String rotated = given().when().post("/api/admin/webhooks/" + id + "/rotate-secret").then().statusCode(200)
                .extract().path("secret");
        Object delivery = delivery(id, eventId).get("id");
        given().when().post("/api/admin/webhooks/" + id + "/deliveries/" + delivery + "/redeliver").then().statusCode(202);
        Receiver.Received again = platform.awaitAbout(video, 2, WAIT).get(1);
        assertEquals(first.headers().get("webhook-id"), again.headers().get("webhook-id"), "a redelivery keeps its id");
        for (String secret : List.of(endpoint.<String>path("secret"), rotated)) {
            JsonObject check = PlatformVerifier.verify(secret, again.headers(), again.body());
            assertTrue(check.getBoolean("verified"), check.encode());
        }

        given().when().delete("/api/videos/" + video + "?delete_from_cloudflare=false").then().statusCode(204);
        Receiver.Received deleted = platform.awaitAbout(video, 3, WAIT).get(2);
        assertEquals("video.deleted", deleted.event().getString("type"));
        assertEquals(video, deleted.event().getJsonObject("data").getString("id"));
    }

    @Test
    void anEndpointAnswering410IsDisabledAndBadRegistrationsAreRefused() throws Exception {
        Receiver platform = endpoints.receiver();
        platform.answer(410);
        // video.deleted: only a deletion through the API makes one (the queue, syncing other tests' videos into
        // error meanwhile, makes hundreds of video.error in a burst, more than the log's last 100)
        String id = endpoints.register(platform.url(), "video.deleted").path("id");
        String video = TestData.newVideo(TestData.video(TestData.newCourse(), "failing"));
        given().when().delete("/api/videos/" + video + "?delete_from_cloudflare=false").then().statusCode(204);
        CacheMetrics.awaitTrue("the endpoint is disabled", WAIT, () -> Boolean.TRUE.equals(
                given().when().get("/api/admin/webhooks/" + id).then().statusCode(200).extract().path("disabled")));
        Map<String, Object> gone = delivery(id, platform.await(1, WAIT).get(0).headers().get("webhook-id"));
        assertEquals("failed", gone.get("status"), gone.toString());
        assertEquals(410, gone.get("last_status"), gone.toString());

        given().contentType(ContentType.JSON).body(Map.of("url", "https://no-such-host.invalid/x", "events", List.of("video.ready")))
                .when().post("/api/admin/webhooks").then().statusCode(400).body("detail", matchesPattern(".*does not resolve.*"));
        given().contentType(ContentType.JSON).body(Map.of("url", platform.url(), "events", List.of("lesson.watched")))
                .when().post("/api/admin/webhooks").then().statusCode(400).body("code", equalTo("INVALID_INPUT"));
    }

    /** The endpoint's delivery of the event, as its log shows it. */
    private static Map<String, Object> delivery(String endpointId, String eventId) {
        Map<String, Object> delivery = given().when().get("/api/admin/webhooks/" + endpointId + "/deliveries").then()
                .statusCode(200).extract().path("find { it.event_id == '" + eventId + "' }");
        assertTrue(delivery != null, "no delivery of event " + eventId + " to " + endpointId);
        return delivery;
    }

    @Test
    void aHangingEndpointDelaysNeitherAnotherEndpointNorTheApiNorDeletions() throws Exception {
        int videos = 8;
        PlatformEndpoints.HangingBesidePrompt scene = endpoints.hangingBesidePrompt(videos);
        HangingEndpoint hanging = scene.hanging();
        scene.prompt().await(videos, WAIT);
        CacheMetrics.awaitTrue("the hanging endpoint holds deliveries", WAIT, () -> hanging.accepted() > 0);

        String uid = fake.addVideo("ready");
        String doomed = scene.doomedVideo(uid);
        given().when().get("/api/videos/" + doomed).then().statusCode(200);
        given().when().delete("/api/videos/" + doomed).then().statusCode(204);
        CacheMetrics.awaitTrue("the deletion reaches Cloudflare", WAIT, () -> !fake.has(uid));
        assertTrue(hanging.mostAtOnce() <= 4, "one endpoint holds at most 4 deliveries at once: " + hanging.mostAtOnce());
    }

    @Test
    void downloadsPostersAndOriginsReachCloudflareThroughTheQueue() {
        String course = TestData.newCourse();
        given().contentType(ContentType.JSON).body(Map.of("allowed_origins", List.of("learn.example.com"))).when()
                .patch("/api/courses/" + course).then().statusCode(200);
        String uid = fake.addVideo("ready");
        Map<String, Object> fields = new HashMap<>(Map.of("cloudflare_video_id", uid, "downloadable", true,
                "thumbnail_timestamp_pct", 0.75));
        String video = TestData.readyVideo(course, "downloadable", fields);

        CacheMetrics.awaitTrue("the download is offered", WAIT, () -> given().when().get("/api/videos/" + video + "/playback")
                .then().statusCode(200).extract().path("download_url") != null);
        given().when().get("/api/videos/" + video + "/playback").then()
                .body("download_url", equalTo(fake.deliveryBase() + "/" + uid + "/downloads/default.mp4"));
        CacheMetrics.awaitTrue("the settings reach Cloudflare", WAIT,
                () -> fake.allowedOrigins(uid).equals(List.of("learn.example.com")) && fake.thumbnailTimestampPct(uid) == 0.75);

        given().contentType(ContentType.JSON).body(Map.of("downloadable", false)).when().patch("/api/videos/" + video)
                .then().statusCode(200);
        CacheMetrics.awaitTrue("the download is deleted", WAIT, () -> !fake.hasDownload(uid));
        assertFalse(fake.hasDownload(uid));
    }

}
