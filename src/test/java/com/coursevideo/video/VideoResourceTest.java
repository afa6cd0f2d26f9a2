package com.coursevideo.video;

import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;
import com.coursevideo.access.TestTokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class VideoResourceTest {

    @Test
    void createsVideoWithDefaults() {
        String course = TestData.newCourse();
        Map<String, Object> body = TestData.video(course, "intro");
        var response = given().contentType(ContentType.JSON).body(body)
                .when().post("/api/videos")
                .then().statusCode(201)
                .contentType(ContentType.JSON)
                .body("course_id", equalTo(course))
                .body("lesson_id", equalTo("intro"))
                .body("cloudflare_video_id", equalTo(body.get("cloudflare_video_id")))
                .body("title", equalTo("Lesson intro"))
                .body("description", nullValue())
                .body("duration", nullValue())
                .body("thumbnail_url", nullValue())
                .body("status", equalTo("queued"))
                .body("playback_hls_url", nullValue())
                .body("playback_dash_url", nullValue())
                .body("processing_progress", equalTo(0))
                .body("error_message", nullValue())
                .body("metadata", nullValue())
                .body("require_signed_urls", equalTo(false))
                .body("$", hasKey("created_at"))
                .body("$", hasKey("updated_at"))
                .extract();
        String id = response.path("id");
        assertThat(response.header("Location"), endsWith("/api/videos/" + id));
        given().when().get("/api/videos/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("status", equalTo("queued"));
    }

    @Test
    void createsVideoWithEveryOptionalField() {
        String course = TestData.newCourse();
        Map<String, Object> body = TestData.video(course, "  module-1/lesson 2  ");
        body.put("description", "What the course covers");
        body.put("duration", 754.25);
        body.put("thumbnail_url", "https://example.com/thumb.jpg");
        body.put("status", "inprogress");
        body.put("processing_progress", 42);
        body.put("metadata", Map.of("level", "beginner", "tags", List.of("java", "intro"), "nested", Map.of("a", 1)));
        body.put("require_signed_urls", true);
        String id = given().contentType(ContentType.JSON).body(body)
                .when().post("/api/videos")
                .then().statusCode(201)
                .body("lesson_id", equalTo("module-1/lesson 2"))
                .body("description", equalTo("What the course covers"))
                .body("duration", equalTo(754.25f))
                .body("thumbnail_url", equalTo("https://example.com/thumb.jpg"))
                .body("status", equalTo("inprogress"))
                .body("processing_progress", equalTo(42))
                .body("metadata.level", equalTo("beginner"))
                .body("metadata.tags", contains("java", "intro"))
                .body("metadata.nested.a", equalTo(1))
                .body("require_signed_urls", equalTo(true))
                .extract().path("id");
        given().when().get("/api/videos/" + id)
                .then().statusCode(200)
                .body("metadata.tags", contains("java", "intro"))
                .body("duration", equalTo(754.25f));
    }

    @Test
    void readyVideoIsFullyProcessed() {
        Map<String, Object> body = TestData.video(TestData.newCourse(), "done");
        body.put("status", "ready");
        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/videos")
                .then().statusCode(201)
                .body("processing_progress", equalTo(100));
    }

    @Test
    void rejectsReadyVideoThatIsNotFullyProcessed() {
        Map<String, Object> body = TestData.video(TestData.newCourse(), "half");
        body.put("status", "ready");
        body.put("processing_progress", 50);
        postVideo(body).statusCode(400)
                .body("code", equalTo("INVALID_INPUT"))
                .body("detail", equalTo("processing_progress must be 100 when status is ready"));
    }

    @Test
    void rejectsEachMissingRequiredField() {
        String course = TestData.newCourse();
        for (String field : List.of("course_id", "lesson_id", "cloudflare_video_id", "title")) {
            Map<String, Object> body = TestData.video(course, "missing-" + field);
            body.remove(field);
            postVideo(body).statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("INVALID_INPUT"))
                    .body("detail", equalTo(field + " is required"));
            body.put(field, null);
            postVideo(body).statusCode(400).body("detail", equalTo(field + " is required"));
        }
    }

    @Test
    void rejectsEachInvalidFieldNamingIt() {
        String course = TestData.newCourse();
        Map<String, Object[]> invalid = new HashMap<>();
        invalid.put("course_id", new Object[] { "not-a-uuid", "course_id must be a UUID" });
        invalid.put("lesson_id", new Object[] { "   ", "lesson_id must not be blank" });
        invalid.put("title", new Object[] { "", "title must not be blank" });
        invalid.put("cloudflare_video_id", new Object[] { "ABCDEF0123456789ABCDEF0123456789",
                "cloudflare_video_id must be 32 lowercase hex characters" });
        invalid.put("duration", new Object[] { -1, "duration must be a number >= 0" });
        invalid.put("status", new Object[] { "done", "status must be one of queued, inprogress, ready, error" });
        invalid.put("processing_progress", new Object[] { 101, "processing_progress must be an integer from 0 to 100" });
        invalid.put("metadata", new Object[] { List.of(1, 2), "metadata must be a JSON object" });
        invalid.put("require_signed_urls", new Object[] { "yes", "require_signed_urls must be true or false" });
        invalid.put("thumbnail_url", new Object[] { "not a url", "thumbnail_url must be an absolute http(s) URL" });
        invalid.put("description", new Object[] { 12, "description must be a string" });
        invalid.forEach((field, valueAndDetail) -> {
            Map<String, Object> body = TestData.video(course, "invalid-" + field);
            body.put(field, valueAndDetail[0]);
            postVideo(body).statusCode(400)
                    .body("code", equalTo("INVALID_INPUT"))
                    .body("detail", equalTo(valueAndDetail[1]));
        });
    }

    @Test
    void rejectsValuesOutOfRangeOrOfWrongType() {
        String course = TestData.newCourse();
        List<Object[]> cases = List.of(
                new Object[] { "lesson_id", "x".repeat(256), "lesson_id must be at most 255 characters" },
                new Object[] { "lesson_id", 7, "lesson_id must be a string" },
                new Object[] { "title", "x".repeat(256), "title must be at most 255 characters" },
                new Object[] { "cloudflare_video_id", "abc", "cloudflare_video_id must be 32 lowercase hex characters" },
                new Object[] { "cloudflare_video_id", 12, "cloudflare_video_id must be a string" },
                new Object[] { "duration", "60", "duration must be a number >= 0" },
                new Object[] { "processing_progress", -1, "processing_progress must be an integer from 0 to 100" },
                new Object[] { "processing_progress", 42.5, "processing_progress must be an integer from 0 to 100" },
                new Object[] { "processing_progress", "42", "processing_progress must be an integer from 0 to 100" },
                new Object[] { "status", 1, "status must be a string" },
                new Object[] { "metadata", "{}", "metadata must be a JSON object" },
                new Object[] { "course_id", 5, "course_id must be a string" });
        for (Object[] c : cases) {
            Map<String, Object> body = TestData.video(course, "range-" + c[0]);
            body.put((String) c[0], c[1]);
            postVideo(body).statusCode(400).body("detail", equalTo(c[2]));
        }
    }

    @Test
    void rejectsValuesPostgresCannotStoreWithoutA500() {
        String course = TestData.newCourse();
        Map<String, Object> body = TestData.video(course, "nul");
        body.put("title", "a\u0000b");
        postVideo(body).statusCode(400).body("detail", equalTo("title must not contain NUL characters"));
        body = TestData.video(course, "nul-metadata");
        body.put("metadata", Map.of("note", "a\u0000b"));
        // PostgreSQL's own message stays in the log
        postVideo(body).statusCode(400).body("code", equalTo("INVALID_INPUT"))
                .body("detail", equalTo("the request holds a value the database cannot store (SQLSTATE 22P05)"));
        given().urlEncodingEnabled(false).when().get("/api/courses/" + course + "/lessons/a%00b/video")
                .then().statusCode(400).body("code", equalTo("INVALID_INPUT"));
    }

    @Test
    void acceptsBoundaryValues() {
        String course = TestData.newCourse();
        Map<String, Object> body = TestData.video(course, "l".repeat(255));
        body.put("title", "t".repeat(255));
        body.put("duration", 0);
        body.put("processing_progress", 100);
        postVideo(body).statusCode(201).body("duration", equalTo(0f)).body("processing_progress", equalTo(100));
    }

    @Test
    void rejectsBodiesThatAreNotJsonObjects() {
        given().contentType(ContentType.JSON).body("{\"course_id\": \"x\",")
                .when().post("/api/videos")
                .then().statusCode(400).body("code", equalTo("INVALID_INPUT"));
        given().contentType(ContentType.JSON).body("[{}]")
                .when().post("/api/videos")
                .then().statusCode(400).body("detail", equalTo("request body must be a JSON object"));
        given().contentType(ContentType.JSON)
                .when().post("/api/videos")
                .then().statusCode(400).body("detail", equalTo("request body must be a JSON object"));
    }

    @Test
    void rejectsNonJsonContentType() {
        given().contentType(ContentType.TEXT).body("{}")
                .when().post("/api/videos")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void unknownCourseIsNotFound() {
        postVideo(TestData.video(UUID.randomUUID().toString(), "l1")).statusCode(404)
                .body("code", equalTo("COURSE_NOT_FOUND"));
    }

    @Test
    void rejectsDuplicateCloudflareId() {
        String course = TestData.newCourse();
        Map<String, Object> first = TestData.video(course, "one");
        TestData.newVideo(first);
        Map<String, Object> second = TestData.video(TestData.newCourse(), "two");
        second.put("cloudflare_video_id", first.get("cloudflare_video_id"));
        postVideo(second).statusCode(409)
                .body("code", equalTo("DUPLICATE_VIDEO"))
                .body("detail", equalTo("cloudflare_video_id is already registered"));
    }

    @Test
    void rejectsSecondVideoForTheSameLesson() {
        String course = TestData.newCourse();
        TestData.newVideo(TestData.video(course, "lesson-1"));
        postVideo(TestData.video(course, " lesson-1 ")).statusCode(409)
                .body("code", equalTo("DUPLICATE_VIDEO"))
                .body("detail", equalTo("the course already has a video for this lesson_id"));
        // the same lesson key in another course is fine
        TestData.newVideo(TestData.video(TestData.newCourse(), "lesson-1"));
    }

    @Test
    void unknownVideoIsNotFound() {
        String id = UUID.randomUUID().toString();
        given().when().get("/api/videos/" + id)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("VIDEO_NOT_FOUND"))
                .body("detail", equalTo("video " + id + " not found"));
        given().when().delete("/api/videos/" + id).then().statusCode(404).body("code", equalTo("VIDEO_NOT_FOUND"));
        given().contentType(ContentType.JSON).body(Map.of("title", "x"))
                .when().patch("/api/videos/" + id).then().statusCode(404).body("code", equalTo("VIDEO_NOT_FOUND"));
    }

    @Test
    void malformedVideoIdIsInvalidInput() {
        given().when().get("/api/videos/123").then().statusCode(400)
                .body("code", equalTo("INVALID_INPUT")).body("detail", equalTo("id must be a UUID"));
        given().when().delete("/api/videos/123").then().statusCode(400).body("code", equalTo("INVALID_INPUT"));
        given().contentType(ContentType.JSON).body(Map.of("title", "x"))
                .when().patch("/api/videos/123").then().statusCode(400).body("code", equalTo("INVALID_INPUT"));
        given().when().get("/api/courses/123/videos").then().statusCode(400).body("code", equalTo("INVALID_INPUT"));
        given().when().get("/api/courses/123/videos/stats").then().statusCode(400).body("code", equalTo("INVALID_INPUT"));
        given().when().get("/api/courses/123/lessons/a/video").then().statusCode(400).body("code", equalTo("INVALID_INPUT"));
    }

    @Test
    void findsVideoByLessonWithSlashesAndSpaces() {
        String course = TestData.newCourse();
        String id = TestData.newVideo(TestData.video(course, "module-1/lesson 2"));
        given().urlEncodingEnabled(false)
                .when().get("/api/courses/" + course + "/lessons/module-1%2Flesson%202/video")
                .then().statusCode(200).body("id", equalTo(id)).body("lesson_id", equalTo("module-1/lesson 2"));
        // beyond the OpenAPI document, which names the percent-encoded form: a slash left as it is works too
        RestAssured.given().auth().oauth2(TestTokens.admin()).urlEncodingEnabled(false)
                .when().get("/api/courses/" + course + "/lessons/module-1/lesson%202/video")
                .then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void missingLessonIsVideoNotFound() {
        String course = TestData.newCourse();
        given().when().get("/api/courses/" + course + "/lessons/nowhere/video")
                .then().statusCode(404).body("code", equalTo("VIDEO_NOT_FOUND"));
        given().when().get("/api/courses/" + UUID.randomUUID() + "/lessons/nowhere/video")
                .then().statusCode(404).body("code", equalTo("VIDEO_NOT_FOUND"));
    }

    @Test
    void listsReadyVideosByDefaultOrderedByLesson() {
        String course = TestData.newCourse();
        String b = TestData.newVideo(withStatus(TestData.video(course, "b"), "ready"));
        String a = TestData.newVideo(withStatus(TestData.video(course, "a"), "ready"));
        TestData.newVideo(withStatus(TestData.video(course, "c"), "queued"));
        given().when().get("/api/courses/" + course + "/videos")
                .then().statusCode(200)
                .body("id", contains(a, b))
                .body("lesson_id", contains("a", "b"));
    }

    @Test
    void listsByStatusFilter() {
        String course = TestData.newCourse();
        String ready = TestData.newVideo(withStatus(TestData.video(course, "1"), "ready"));
        String queued = TestData.newVideo(withStatus(TestData.video(course, "2"), "queued"));
        String inprogress = TestData.newVideo(withStatus(TestData.video(course, "3"), "inprogress"));
        String error = TestData.newVideo(withStatus(TestData.video(course, "4"), "error"));
        String url = "/api/courses/" + course + "/videos";
        given().queryParam("status", "all").when().get(url).then().statusCode(200)
                .body("id", contains(ready, queued, inprogress, error));
        given().queryParam("status", "ready").when().get(url).then().body("id", contains(ready));
        given().queryParam("status", "queued").when().get(url).then().body("id", contains(queued));
        given().queryParam("status", "inprogress").when().get(url).then().body("id", contains(inprogress));
        given().queryParam("status", "error").when().get(url).then().body("id", contains(error));
    }

    @Test
    void rejectsUnknownStatusFilter() {
        given().queryParam("status", "finished")
                .when().get("/api/courses/" + TestData.newCourse() + "/videos")
                .then().statusCode(400)
                .body("code", equalTo("INVALID_INPUT"))
                .body("detail", equalTo("status must be one of queued, inprogress, ready, error"));
    }

    @Test
    void unknownCourseListsNothing() {
        given().queryParam("status", "all")
                .when().get("/api/courses/" + UUID.randomUUID() + "/videos")
                .then().statusCode(200).body("$", empty());
    }

    @Test
    void countsStatsOverAllVideos() {
        String course = TestData.newCourse();
        given().when().get("/api/courses/" + course + "/videos/stats")
                .then().statusCode(200)
                .body("course_id", equalTo(course))
                .body("total", equalTo(0))
                .body("total_duration", equalTo(0f));
        TestData.newVideo(withDuration(withStatus(TestData.video(course, "1"), "ready"), 60.5));
        TestData.newVideo(withDuration(withStatus(TestData.video(course, "2"), "ready"), 30));
        TestData.newVideo(withStatus(TestData.video(course, "3"), "queued"));
        TestData.newVideo(withDuration(withStatus(TestData.video(course, "4"), "inprogress"), 9.5));
        TestData.newVideo(withStatus(TestData.video(course, "5"), "error"));
        given().when().get("/api/courses/" + course + "/videos/stats")
                .then().statusCode(200)
                .body("course_id", equalTo(course))
                .body("total", equalTo(5))
                .body("ready", equalTo(2))
                .body("queued", equalTo(1))
                .body("inprogress", equalTo(1))
                .body("error", equalTo(1))
                .body("total_duration", equalTo(100f));
    }

    @Test
    void patchChangesOnlyTheFieldsItNames() {
        Map<String, Object> body = TestData.video(TestData.newCourse(), "p1");
        body.put("description", "keep me");
        body.put("duration", 12);
        String id = TestData.newVideo(body);
        patch(id, Map.of("title", "New title")).statusCode(200)
                .body("title", equalTo("New title"))
                .body("description", equalTo("keep me"))
                .body("duration", equalTo(12f));
        given().when().get("/api/videos/" + id).then().body("title", equalTo("New title"));
    }

    @Test
    void patchWithExplicitNullClearsNullableField() {
        Map<String, Object> body = TestData.video(TestData.newCourse(), "p2");
        body.put("description", "to clear");
        body.put("metadata", Map.of("k", "v"));
        body.put("thumbnail_url", "https://example.com/t.jpg");
        String id = TestData.newVideo(body);
        given().contentType(ContentType.JSON)
                .body("{\"description\": null, \"metadata\": null, \"thumbnail_url\": null, \"duration\": null}")
                .when().patch("/api/videos/" + id)
                .then().statusCode(200)
                .body("description", nullValue())
                .body("metadata", nullValue())
                .body("thumbnail_url", nullValue())
                .body("duration", nullValue())
                .body("title", equalTo("Lesson p2"));
    }

    @Test
    void patchSetsEveryUpdatableField() {
        String course = TestData.newCourse();
        String id = TestData.newVideo(TestData.video(course, "p3"));
        Map<String, Object> changes = new HashMap<>();
        changes.put("lesson_id", " p3-renamed ");
        changes.put("title", "T");
        changes.put("description", "D");
        changes.put("duration", 3.5);
        changes.put("thumbnail_url", "http://cdn.example.com/x.jpg");
        changes.put("status", "error");
        changes.put("processing_progress", 7);
        changes.put("error_message", "encoding failed");
        changes.put("metadata", Map.of("replaced", true));
        changes.put("require_signed_urls", true);
        patch(id, changes).statusCode(200)
                .body("lesson_id", equalTo("p3-renamed"))
                .body("title", equalTo("T"))
                .body("description", equalTo("D"))
                .body("duration", equalTo(3.5f))
                .body("thumbnail_url", equalTo("http://cdn.example.com/x.jpg"))
                .body("status", equalTo("error"))
                .body("processing_progress", equalTo(7))
                .body("error_message", equalTo("encoding failed"))
                .body("metadata.replaced", equalTo(true))
                .body("require_signed_urls", equalTo(true));
        given().when().get("/api/courses/" + course + "/lessons/p3-renamed/video")
                .then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void patchReplacesMetadataWhole() {
        Map<String, Object> body = TestData.video(TestData.newCourse(), "p4");
        body.put("metadata", Map.of("a", 1, "b", 2));
        String id = TestData.newVideo(body);
        patch(id, Map.of("metadata", Map.of("c", 3))).statusCode(200)
                .body("metadata", equalTo(Map.of("c", 3)));
    }

    @Test
    void patchMovesUpdatedAtForward() {
        String id = TestData.newVideo(TestData.video(TestData.newCourse(), "p5"));
        String before = given().when().get("/api/videos/" + id).then().extract().path("updated_at");
        String created = given().when().get("/api/videos/" + id).then().extract().path("created_at");
        String after = patch(id, Map.of("title", "again")).statusCode(200)
                .body("created_at", equalTo(created))
                .extract().path("updated_at");
        assertThat(OffsetDateTime.parse(after), greaterThan(OffsetDateTime.parse(before)));
        String later = patch(id, Map.of("title", "and again")).extract().path("updated_at");
        assertThat(OffsetDateTime.parse(later), greaterThan(OffsetDateTime.parse(after)));
    }

    @Test
    void patchToReadyCompletesProgress() {
        String id = TestData.newVideo(TestData.video(TestData.newCourse(), "p6"));
        patch(id, Map.of("status", "ready")).statusCode(200)
                .body("status", equalTo("ready"))
                .body("processing_progress", equalTo(100));
        patch(id, Map.of("processing_progress", 30)).statusCode(400)
                .body("code", equalTo("INVALID_INPUT"))
                .body("detail", equalTo("processing_progress must be 100 when status is ready"));
    }

    @Test
    void patchRejectsFieldsThatCannotChange() {
        String id = TestData.newVideo(TestData.video(TestData.newCourse(), "p7"));
        for (String field : List.of("id", "course_id", "cloudflare_video_id", "created_at", "updated_at")) {
            Map<String, Object> changes = new HashMap<>();
            changes.put("title", "ignored");
            changes.put(field, "anything");
            patch(id, changes).statusCode(400)
                    .body("code", equalTo("INVALID_INPUT"))
                    .body("detail", equalTo(field + " cannot be changed"));
        }
        given().when().get("/api/videos/" + id).then().body("title", equalTo("Lesson p7"));
    }

    @Test
    void patchWithoutUpdatableFieldIsInvalid() {
        String id = TestData.newVideo(TestData.video(TestData.newCourse(), "p8"));
        patch(id, Map.of()).statusCode(400).body("code", equalTo("INVALID_INPUT"));
        patch(id, Map.of("colour", "blue")).statusCode(400).body("code", equalTo("INVALID_INPUT"));
        given().contentType(ContentType.JSON).body("[]")
                .when().patch("/api/videos/" + id).then().statusCode(400).body("code", equalTo("INVALID_INPUT"));
        given().contentType(ContentType.JSON).body("{\"title\": ")
                .when().patch("/api/videos/" + id).then().statusCode(400).body("code", equalTo("INVALID_INPUT"));
    }

    @Test
    void patchRejectsNullForRequiredFields() {
        String id = TestData.newVideo(TestData.video(TestData.newCourse(), "p9"));
        for (String field : List.of("lesson_id", "title", "status", "processing_progress", "require_signed_urls")) {
            given().contentType(ContentType.JSON).body("{\"" + field + "\": null}")
                    .when().patch("/api/videos/" + id)
                    .then().statusCode(400)
                    .body("detail", equalTo(field + " cannot be null"));
        }
    }

    @Test
    void patchValidatesValues() {
        String id = TestData.newVideo(TestData.video(TestData.newCourse(), "p10"));
        patch(id, Map.of("processing_progress", 200)).statusCode(400)
                .body("detail", equalTo("processing_progress must be an integer from 0 to 100"));
        patch(id, Map.of("status", "bogus")).statusCode(400).body("code", equalTo("INVALID_INPUT"));
        patch(id, Map.of("title", " ")).statusCode(400).body("detail", equalTo("title must not be blank"));
        patch(id, Map.of("duration", -3)).statusCode(400).body("detail", equalTo("duration must be a number >= 0"));
        patch(id, Map.of("error_message", false)).statusCode(400).body("detail", equalTo("error_message must be a string"));
    }

    @Test
    void patchLessonClashIsDuplicate() {
        String course = TestData.newCourse();
        TestData.newVideo(TestData.video(course, "taken"));
        String id = TestData.newVideo(TestData.video(course, "free"));
        patch(id, Map.of("lesson_id", "taken")).statusCode(409).body("code", equalTo("DUPLICATE_VIDEO"));
        given().when().get("/api/videos/" + id).then().body("lesson_id", equalTo("free"));
    }

    @Test
    void releaseWindowIsSetOnCreateAndChangedByPatch() {
        Map<String, Object> body = TestData.video(TestData.newCourse(), "window");
        body.put("available_from", "2030-01-01T09:00:00+02:00");
        body.put("available_until", "2030-02-01T00:00:00Z");
        String id = given().contentType(ContentType.JSON).body(body).when().post("/api/videos")
                .then().statusCode(201)
                .body("available_from", equalTo("2030-01-01T07:00:00Z"))
                .body("available_until", equalTo("2030-02-01T00:00:00Z"))
                .extract().path("id");
        given().contentType(ContentType.JSON).body(Map.of("available_until", "2030-03-01T00:00:00Z"))
                .when().patch("/api/videos/" + id).then().statusCode(200)
                .body("available_from", equalTo("2030-01-01T07:00:00Z"))
                .body("available_until", equalTo("2030-03-01T00:00:00Z"));
        Map<String, Object> open = new HashMap<>();
        open.put("available_from", null);
        open.put("available_until", null);
        given().contentType(ContentType.JSON).body(open).when().patch("/api/videos/" + id).then().statusCode(200)
                .body("available_from", nullValue()).body("available_until", nullValue());
        given().when().get("/api/videos/" + id).then().statusCode(200).body("available_until", nullValue());
    }

    @Test
    void releaseWindowMustEndAfterItStarts() {
        Map<String, Object> body = TestData.video(TestData.newCourse(), "backwards");
        body.put("available_from", "2030-01-01T00:00:00Z");
        body.put("available_until", "2030-01-01T00:00:00Z");
        given().contentType(ContentType.JSON).body(body).when().post("/api/videos")
                .then().statusCode(400).body("code", equalTo("INVALID_INPUT"))
                .body("detail", equalTo("available_until must be later than available_from"));

        body.remove("available_until");
        String id = TestData.newVideo(body);
        // PATCH is checked against what the row already holds
        given().contentType(ContentType.JSON).body(Map.of("available_until", "2029-12-31T23:59:59Z"))
                .when().patch("/api/videos/" + id).then().statusCode(400)
                .body("detail", equalTo("available_until must be later than available_from"));
        given().when().get("/api/videos/" + id).then().body("available_until", nullValue());
    }

    @Test
    void releaseWindowTimestampsNeedAnOffset() {
        for (Object bad : new Object[] { "2030-01-01T00:00:00", "tomorrow", 1893456000, "+12030-01-01T00:00:00Z" }) {
            Map<String, Object> body = TestData.video(TestData.newCourse(), "when");
            body.put("available_from", bad);
            given().contentType(ContentType.JSON).body(body).when().post("/api/videos")
                    .then().statusCode(400).body("code", equalTo("INVALID_INPUT"))
                    .body("detail", org.hamcrest.Matchers.startsWith("available_from must be a"));
        }
    }

    @Test
    void deletesVideo() {
        String course = TestData.newCourse();
        String id = TestData.newVideo(TestData.video(course, "gone"));
        given().when().delete("/api/videos/" + id).then().statusCode(204);
        given().when().get("/api/videos/" + id).then().statusCode(404);
        given().when().get("/api/courses/" + course + "/lessons/gone/video").then().statusCode(404);
        // the lesson is free again
        TestData.newVideo(TestData.video(course, "gone"));
    }

    @Test
    void unknownRouteIsProblemJson() {
        given().when().get("/api/videos/" + UUID.randomUUID() + "/nothing-here")
                .then().statusCode(404)
                .contentType("application/problem+json");
    }

    private static ValidatableResponse postVideo(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/videos").then();
    }

    private static ValidatableResponse patch(String id, Map<String, Object> changes) {
        return given().contentType(ContentType.JSON).body(changes).when().patch("/api/videos/" + id).then();
    }

    private static Map<String, Object> withStatus(Map<String, Object> body, String status) {
        body.put("status", status);
        return body;
    }

    private static Map<String, Object> withDuration(Map<String, Object> body, double seconds) {
        body.put("duration", seconds);
        return body;
    }
}
