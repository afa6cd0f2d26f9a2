package com.coursevideo.console;

import static com.coursevideo.AsAdmin.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.coursevideo.AsAdmin;
import com.coursevideo.TestData;
import com.coursevideo.access.TestTokens;
import com.coursevideo.cache.CacheMetrics;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;

/**
 * The player (/player/course-video.js) in a lesson page of its own on the course platform's
 * origin, as a learner enrolled in the course who watched part of it before
 * (src/test/browser/player.mjs): over HTTP only, so
 * that {@code PlayerBrowserIT} runs it against the packaged service too.
 */
@QuarkusTest
@TestProfile(BrowserProfile.class)
class PlayerBrowserTest {

    @Test
    void aLearnerResumesWatchesWithCaptionsAndRenewedTokensReportsProgressAndIsToldWhatIsNotAvailable() throws Exception {
        String course = TestData.newCourse();
        String video = TestData.uploadedReadyVideo(course, "lesson 1", true, null);
        given().contentType("text/vtt").body("WEBVTT\n\n00:00:00.000 --> 00:00:03.500\nHello, learner\n")
                .when().put("/api/videos/" + video + "/captions/en").then().statusCode(200);
        String notReady = given().contentType(ContentType.JSON)
                .body(Map.of("lesson_id", "lesson 2", "title", "Not uploaded yet", "max_duration_seconds", 600))
                .when().post("/api/courses/" + course + "/videos/uploads").then().statusCode(201).extract().path("video.id");
        String unreleased = TestData.uploadedReadyVideo(course, "lesson 3", false, null);
        given().contentType(ContentType.JSON).body(Map.of("available_from", OffsetDateTime.now().plusDays(7).toString()))
                .when().patch("/api/videos/" + unreleased).then().statusCode(200);

        String next = TestData.uploadedReadyVideo(course, "lesson 4", false, null);
        // the learner watched the first 6 s before, on another device
        String learner = TestTokens.learner(course);
        AsAdmin.withToken(learner).contentType(ContentType.JSON).body(Map.of("position", 6, "watched", List.of(List.of(0, 6))))
                .when().put("/api/videos/" + video + "/progress").then().statusCode(204);
        CacheMetrics.awaitTrue("the saved position is read back", Duration.ofSeconds(30), () -> AsAdmin.withToken(learner)
                .when().get("/api/videos/" + video + "/progress").then().extract().<Number> path("position").doubleValue() == 6);

        JsonObject result = Browser.run("player.mjs", null, new JsonObject().put("learner", learner)
                .put("video", video).put("not_ready", notReady).put("unreleased", unreleased).put("next", next));

        JsonObject messages = result.getJsonObject("messages");
        assertTrue(messages.getString("processing").contains("not available") && messages.getString("unreleased").contains("not available"),
                "learners are told, for a video not ready and one not released: " + messages);
        assertTrue(result.getInteger("tokens") >= 1, "played through a signed token: " + result);
        List<JsonObject> renewals = ConsoleBrowserTest.objects(result.getJsonArray("renewals"));
        JsonObject renewal = renewals.get(1);
        // the token lives 10 s: fresh data is due 5 s after the first (a quarter of its life left, 5 s at least)
        assertTrue(renewal.getLong("after_ms") >= 4000 && renewal.getLong("after_ms") < 10000,
                "renewed its playback data before the token ran out, not at once: " + renewals);
        assertTrue(renewal.getString("token") != null && !renewal.getString("token").equals(renewals.get(0).getString("token")),
                "the renewed data carries a new token: " + renewals);
        assertTrue(result.getDouble("resumed_at") >= 5.5, "started where the learner left off (6 s): " + result);
        assertEquals(200, result.getInteger("progress_get"), "the saved position was read: " + result);
        assertEquals(204, result.getInteger("progress_put"), "a heartbeat is accepted: " + result);
        List<JsonObject> heartbeats = ConsoleBrowserTest.objects(result.getJsonArray("heartbeats"));
        assertTrue(heartbeats.stream().anyMatch(beat -> beat.getDouble("position") > 6 && !beat.getJsonArray("watched").isEmpty()),
                "a heartbeat carries the position and what was watched: " + heartbeats);
        // moved to the next lesson while playing: the last stretch of the first goes to the first
        JsonObject atSwitch = ConsoleBrowserTest.objects(result.getJsonArray("switch_heartbeats")).get(0);
        assertEquals("/api/videos/" + video + "/progress", atSwitch.getString("path"), "reported for its own video: " + result);
        assertTrue(!atSwitch.getJsonObject("body").getJsonArray("watched").isEmpty(), "with what was played of it: " + result);
    }
}
