package com.coursevideo.video;

import static com.coursevideo.AsAdmin.asLearner;
import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.coursevideo.TestData;
import com.coursevideo.cache.CacheMetrics;
import com.coursevideo.database.TestDatabase;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Batch create, update and delete: per-item results in input order, and nothing changed by a malformed body. */
@QuarkusTest
class VideoBatchTest {

    private static List<String> titles(String course) {
        return given().when().get("/api/courses/" + course + "/videos?status=all").then().statusCode(200)
                .extract().jsonPath().getList("title");
    }

    @Test
    void createsEachItemOnItsOwnInInputOrder() {
        String course = TestData.newCourse();
        Map<String, Object> first = TestData.video(course, "lesson-1");
        Map<String, Object> untitled = TestData.video(course, "lesson-2");
        untitled.remove("title");
        Map<String, Object> sameLesson = TestData.video(course, "lesson-1");
        Map<String, Object> otherCourse = TestData.video(UUID.randomUUID().toString(), "lesson-3");
        Map<String, Object> second = TestData.video(course, "lesson-4");
        titles(course); // cached empty: the batch must invalidate it

        given().contentType(ContentType.JSON).body(Map.of("videos", List.of(first, untitled, sameLesson, otherCourse, second)))
                .when().post("/api/videos/batch")
                .then().statusCode(200)
                .body("results.index", contains(0, 1, 2, 3, 4))
                .body("results.status", contains(201, 400, 409, 404, 201))
                .body("results[1].error.code", equalTo("INVALID_INPUT"))
                .body("results[2].error.code", equalTo("DUPLICATE_VIDEO"))
                .body("results[3].error.code", equalTo("COURSE_NOT_FOUND"))
                .body("results[0].video.lesson_id", equalTo("lesson-1"))
                .body("results[4].video.lesson_id", equalTo("lesson-4"))
                .body("results[0].error", nullValue());
        given().when().get("/api/courses/" + course + "/videos?status=all").then()
                .body("lesson_id", contains("lesson-1", "lesson-4"));
    }

    /**
     * The earlier of two creates for one lesson wins even when it is the slower one: its uid is held
     * by another session's uncommitted insert, so it waits while a racing later item would go ahead.
     */
    @Test
    void theEarlierOfTwoCreatesForOneLessonWinsEvenWhenItIsSlower() throws Exception {
        String course = TestData.newCourse();
        Map<String, Object> earlier = TestData.video(course, "lesson-1");
        Map<String, Object> later = TestData.video(course, "lesson-1");
        try (Connection other = TestDatabase.connect()) {
            other.setAutoCommit(false);
            try (PreparedStatement insert = other.prepareStatement("INSERT INTO course_videos (course_id, lesson_id,"
                    + " cloudflare_video_id, title) VALUES (?::uuid, 'held', ?, 'held')")) {
                insert.setString(1, TestData.newCourse());
                insert.setString(2, (String) earlier.get("cloudflare_video_id"));
                insert.executeUpdate();
            }
            CompletableFuture<Response> batch = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                    .body(Map.of("videos", List.of(earlier, later))).when().post("/api/videos/batch"));
            CacheMetrics.awaitTrue("the earlier item waits for the held uid", Duration.ofSeconds(20),
                    TestDatabase::someoneWaitsOnALock);
            Instant deadline = Instant.now().plusSeconds(1);
            while (Instant.now().isBefore(deadline)) {
                if (hasLesson(course, "lesson-1")) {
                    throw new AssertionError("the later item was written while the earlier one waited");
                }
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
            other.rollback();
            batch.get().then().statusCode(200)
                    .body("results.status", contains(201, 409))
                    .body("results[0].video.cloudflare_video_id", equalTo(earlier.get("cloudflare_video_id")))
                    .body("results[1].error.code", equalTo("DUPLICATE_VIDEO"));
        }
    }

    private static boolean hasLesson(String course, String lesson) {
        try (Connection db = TestDatabase.connect();
                PreparedStatement select = db.prepareStatement(
                        "SELECT 1 FROM course_videos WHERE course_id = ?::uuid AND lesson_id = ?")) {
            select.setString(1, course);
            select.setString(2, lesson);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"videos\": []}", "{\"videos\": \"all\"}", "{\"videos\": {}}", "[]"})
    void aMalformedCreateBodyIs400(String body) {
        given().contentType(ContentType.JSON).body(body).when().post("/api/videos/batch")
                .then().statusCode(400).body("code", equalTo("INVALID_INPUT"));
    }

    @Test
    void moreThan500CreatesIs400AndCreatesNothing() {
        String course = TestData.newCourse();
        List<Map<String, Object>> videos = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            videos.add(TestData.video(course, "lesson-" + i));
        }
        given().contentType(ContentType.JSON).body(Map.of("videos", videos)).when().post("/api/videos/batch")
                .then().statusCode(400).body("code", equalTo("INVALID_INPUT"));
        given().when().get("/api/courses/" + course + "/videos?status=all").then().body("size()", equalTo(0));
    }

    @Test
    void updatesEachIdOnItsOwnAndInvalidatesWhatWasCached() {
        String course = TestData.newCourse();
        String a = TestData.newVideo(TestData.video(course, "a"));
        String b = TestData.newVideo(TestData.video(course, "b"));
        String missing = UUID.randomUUID().toString();
        given().when().get("/api/videos/" + a).then().body("title", equalTo("Lesson a")); // cached
        titles(course); // cached

        given().contentType(ContentType.JSON).body(Map.of("ids", List.of(a, missing, b), "set", Map.of("title", "Renamed")))
                .when().patch("/api/videos/batch")
                .then().statusCode(200)
                .body("results.status", contains(200, 404, 200))
                .body("results[1].error.code", equalTo("VIDEO_NOT_FOUND"))
                .body("results[2].video.id", equalTo(b));
        given().when().get("/api/videos/" + a).then().body("title", equalTo("Renamed"));
        given().when().get("/api/courses/" + course + "/videos?status=all").then().body("title", everyItem(equalTo("Renamed")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"set\": {\"title\": \"x\"}}", "{\"ids\": [], \"set\": {\"title\": \"x\"}}",
            "{\"ids\": [\"not-a-uuid\"], \"set\": {\"title\": \"x\"}}", "{\"ids\": [\"%s\"]}",
            "{\"ids\": [\"%s\"], \"set\": {\"status\": \"bogus\"}}", "{\"ids\": [\"%s\"], \"set\": {\"id\": \"x\"}}"})
    void aMalformedUpdateBodyIs400AndChangesNothing(String template) {
        String course = TestData.newCourse();
        String video = TestData.newVideo(TestData.video(course, "kept"));
        given().contentType(ContentType.JSON).body(template.formatted(video)).when().patch("/api/videos/batch")
                .then().statusCode(400).body("code", equalTo("INVALID_INPUT"));
        given().when().get("/api/videos/" + video).then().body("title", equalTo("Lesson kept")).body("status", equalTo("queued"));
    }

    @Test
    void moreThan1000IdsIs400() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        given().contentType(ContentType.JSON).body(Map.of("ids", ids)).when().post("/api/videos/batch-delete")
                .then().statusCode(400).body("code", equalTo("INVALID_INPUT"));
    }

    @Test
    void deletesEachIdOnItsOwn() {
        String course = TestData.newCourse();
        String a = TestData.newVideo(TestData.video(course, "a"));
        String b = TestData.newVideo(TestData.video(course, "b"));
        String missing = UUID.randomUUID().toString();
        given().when().get("/api/videos/" + b).then().statusCode(200); // cached

        given().contentType(ContentType.JSON).body(Map.of("ids", List.of(a, missing, b)))
                .when().post("/api/videos/batch-delete")
                .then().statusCode(200)
                .body("results.status", contains(204, 404, 204))
                .body("results.id", contains(a, null, b))
                .body("results[1].error.code", equalTo("VIDEO_NOT_FOUND"));
        given().when().get("/api/videos/" + b).then().statusCode(404);
        given().when().get("/api/courses/" + course + "/videos?status=all").then().body("size()", equalTo(0));
    }

    @Test
    void learnersMayNotBatch() {
        String course = TestData.newCourse();
        asLearner(course).contentType(ContentType.JSON).body(Map.of("videos", List.of(TestData.video(course, "x"))))
                .when().post("/api/videos/batch").then().statusCode(403);
        asLearner(course).contentType(ContentType.JSON).body(Map.of("ids", List.of(UUID.randomUUID().toString())))
                .when().post("/api/videos/batch-delete").then().statusCode(403);
    }
}
