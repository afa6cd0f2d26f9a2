package com.coursevideo.console;

import static com.coursevideo.AsAdmin.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;
import com.coursevideo.access.TestTokens;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;

/**
 * The player (/player/course-video.js) in a lesson page of its own on the course platform's
 * origin, as a learner enrolled in the course (src/test/browser/player.mjs): over HTTP only, so
 * that {@code PlayerBrowserIT} runs it against the packaged service too.
 */
@QuarkusTest
@TestProfile(BrowserProfile.class)
class PlayerBrowserTest {

    @Test
    void aLearnerWatchesWithCaptionsAndRenewedTokensAndIsToldWhatIsNotAvailable() throws Exception {
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

        JsonObject result = Browser.run("player.mjs", null, new JsonObject().put("learner", TestTokens.learner(course))
                .put("video", video).put("not_ready", notReady).put("unreleased", unreleased));

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
        int progress = result.getInteger("progress_get");
        if (progress == 200) {
            assertEquals(204, result.getInteger("progress_put"), "a heartbeat is accepted: " + result);
            List<JsonObject> heartbeats = ConsoleBrowserTest.objects(result.getJsonArray("heartbeats"));
            assertTrue(heartbeats.stream().anyMatch(beat -> beat.getDouble("position") > 1 && !beat.getJsonArray("watched").isEmpty()),
                    "a heartbeat carries the position and what was watched: " + heartbeats);
        } else {
            // the service keeps no learner progress (yet): the player sends no heartbeat and shows nothing of it
            assertEquals(404, progress, "the position read: " + result);
            assertTrue(result.getJsonArray("heartbeats").isEmpty(), "no heartbeat without progress: " + result);
        }
    }
}
