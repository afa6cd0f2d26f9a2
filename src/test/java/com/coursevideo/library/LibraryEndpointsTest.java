package com.coursevideo.library;

import static com.coursevideo.AsAdmin.asLearner;
import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.coursevideo.AsAdmin;
import com.coursevideo.TestData;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The library endpoints over HTTP only (so that {@code LibraryEndpointsIT} runs them against the
 * packaged service too): a reconciliation and its report, adopting a video the service let go of,
 * the storage report, and who may call them.
 */
@QuarkusTest
class LibraryEndpointsTest {

    @Test
    void aReconciliationAnswersItsReportAndKeepsItAsTheLast() {
        String started = given().when().post("/api/admin/reconciliation").then().statusCode(200)
                .body("$", hasKey("cloudflare_videos"))
                .body("finished_at", notNullValue())
                .body("orphans", notNullValue())
                .body("missing", notNullValue())
                .body("settings_drift", notNullValue())
                .extract().path("started_at");
        given().when().get("/api/admin/reconciliation").then().statusCode(200).body("started_at", equalTo(started));
    }

    @Test
    void aVideoLetGoOfButKeptAtCloudflareIsAdoptedAgain() {
        String course = TestData.newCourse();
        var upload = given().contentType("application/json")
                .body(Map.of("lesson_id", "first", "title", "Uploaded", "max_duration_seconds", 600))
                .when().post("/api/courses/" + course + "/videos/uploads").then().statusCode(201).extract();
        String uid = upload.path("video.cloudflare_video_id");
        given().when().delete("/api/videos/" + upload.path("video.id") + "?delete_from_cloudflare=false").then().statusCode(204);

        Map<String, Object> adopt = new HashMap<>(Map.of("cloudflare_video_id", uid, "course_id", course, "lesson_id", "again",
                "title", "Adopted"));
        given().contentType("application/json").body(adopt).when().post("/api/admin/reconciliation/adopt").then()
                .statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/api/videos/"))
                .body("cloudflare_video_id", equalTo(uid))
                .body("lesson_id", equalTo("again"))
                .body("status", equalTo("queued"));
        given().when().get("/api/courses/" + course + "/videos?status=all").then().body("lesson_id", equalTo(java.util.List.of("again")));
    }

    @Test
    void adoptionRefusesWhatItCannotRegister() {
        String course = TestData.newCourse();
        Map<String, Object> unknown = new HashMap<>(Map.of("cloudflare_video_id", TestData.streamUid(), "course_id", course,
                "lesson_id", "x", "title", "X"));
        given().contentType("application/json").body(unknown).when().post("/api/admin/reconciliation/adopt").then()
                .statusCode(404).body("code", equalTo("VIDEO_NOT_FOUND"));
        unknown.put("status", "ready");
        given().contentType("application/json").body(unknown).when().post("/api/admin/reconciliation/adopt").then()
                .statusCode(400).body("detail", equalTo("status cannot be set when adopting a video: Cloudflare's answer sets it"));
        given().contentType("application/json").body(Map.of("course_id", course)).when().post("/api/admin/reconciliation/adopt")
                .then().statusCode(400).body("code", equalTo("INVALID_INPUT"));
    }

    @Test
    void theStorageReportHasCloudflaresFiguresAndEveryCoursesMinutes() {
        String course = TestData.newCourse();
        Map<String, Object> body = TestData.video(course, "timed");
        body.put("duration", 90);
        TestData.newVideo(body);
        given().when().get("/api/admin/usage").then().statusCode(200)
                .body("total_storage_minutes", notNullValue())
                .body("video_count", notNullValue())
                .body("courses", everyItem(hasKey("minutes")))
                .body("courses.find { it.course_id == '" + course + "' }.minutes", equalTo(1.5f));
    }

    @Test
    void onlyAdminsMayCallThem() {
        String course = TestData.newCourse();
        asLearner(course).when().post("/api/admin/reconciliation").then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        asLearner(course).when().get("/api/admin/reconciliation").then().statusCode(403);
        asLearner(course).contentType("application/json").body("{}").when().post("/api/admin/reconciliation/adopt").then()
                .statusCode(403);
        asLearner(course).when().get("/api/admin/usage").then().statusCode(403);
        AsAdmin.anonymous().when().get("/api/admin/usage").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }
}
