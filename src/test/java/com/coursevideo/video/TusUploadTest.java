package com.coursevideo.video;

import static com.coursevideo.AsAdmin.asLearner;
import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.coursevideo.AsAdmin;
import com.coursevideo.TestData;
import com.coursevideo.access.TestTokens;
import com.coursevideo.cache.CacheMetrics;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;

/**
 * {@code POST /api/courses/{courseId}/videos/tus} over HTTP only (so that {@code TusUploadIT} runs
 * it against the packaged service too): what the creation answers, what it refuses, and a real tus
 * client's upload through it, interrupted half-way and resumed, into the Cloudflare fake.
 */
@QuarkusTest
class TusUploadTest {

    private static final int MEGABYTE = 1024 * 1024;

    static String metadata(String lessonId, String title, String... more) {
        StringBuilder header = new StringBuilder("lesson_id " + base64(lessonId) + ",title " + base64(title));
        for (int i = 0; i < more.length; i += 2) {
            header.append(',').append(more[i]).append(more[i + 1].isEmpty() ? "" : " " + base64(more[i + 1]));
        }
        return header.toString();
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static ValidatableResponse create(RequestSpecification as, String course, String length, String metadata) {
        RequestSpecification request = as.header("Tus-Resumable", "1.0.0");
        if (length != null) {
            request = request.header("Upload-Length", length);
        }
        if (metadata != null) {
            request = request.header("Upload-Metadata", metadata);
        }
        return request.when().post("/api/courses/" + course + "/videos/tus").then();
    }

    @Test
    void answersTheUploadUrlAndTheUidInHeadersABrowserMayRead() {
        String course = TestData.newCourse();
        var created = create(given(), course, Integer.toString(50 * MEGABYTE),
                metadata("module-1/lesson 1", "A long lecture", "description", "two hours", "require_signed_urls", "",
                        "filename", "lecture.mp4"))
                .statusCode(201)
                .header("Tus-Resumable", "1.0.0")
                .header("Location", startsWith("http://127.0.0.1:"))
                .header("Access-Control-Expose-Headers", containsString("Location"))
                .header("Access-Control-Expose-Headers", containsString("Stream-Media-Id"))
                .body("course_id", equalTo(course))
                .body("lesson_id", equalTo("module-1/lesson 1"))
                .body("title", equalTo("A long lecture"))
                .body("description", equalTo("two hours"))
                .body("status", equalTo("queued"))
                .body("require_signed_urls", equalTo(true))
                .extract();
        assertEquals(created.path("cloudflare_video_id"), created.header("Stream-Media-Id"));
        String id = created.path("id");
        given().when().get("/api/courses/" + course + "/videos?status=all").then().statusCode(200)
                .body("id", equalTo(List.of(id)));
    }

    @Test
    void aTusClientsUploadInterruptedAfterAChunkResumesAndTheVideoBecomesReady() throws Exception {
        String course = TestData.newCourse();
        Path file = Files.createTempFile("lecture", ".mp4");
        try {
            byte[] bytes = new byte[12 * MEGABYTE];
            new Random(7).nextBytes(bytes);
            Files.write(file, bytes);
            JsonObject report = TusClient.uploadInterrupted(
                    RestAssured.baseURI + ":" + RestAssured.port + "/api/courses/" + course + "/videos/tus",
                    TestTokens.admin(), file, "week 3/long lecture", "The long lecture");
            long size = report.getLong("size");
            assertEquals(bytes.length, size);
            assertEquals(5 * MEGABYTE, report.getLong("interrupted_at"), "cut off after its first chunk");
            assertEquals(size, report.getLong("finished_at"));
        } finally {
            Files.delete(file);
        }
        String id = given().when().get("/api/courses/" + course + "/videos?status=all").then().statusCode(200)
                .body("lesson_id", equalTo(List.of("week 3/long lecture"))).extract().path("[0].id");
        CacheMetrics.awaitTrue("the uploaded video is ready", Duration.ofSeconds(30), () -> "ready".equals(
                given().when().post("/api/videos/" + id + "/sync").then().statusCode(200).extract().path("status")));
    }

    @Test
    void refusesWhatItCannotRegisterBeforeAskingCloudflare() {
        String course = TestData.newCourse();
        create(given(), UUID.randomUUID().toString(), "1000", metadata("x", "X")).statusCode(404)
                .body("code", equalTo("COURSE_NOT_FOUND"));
        TestData.newVideo(TestData.video(course, "taken"));
        create(given(), course, "1000", metadata("taken", "Taken")).statusCode(409).body("code", equalTo("DUPLICATE_VIDEO"));
        create(given(), "not-a-uuid", "1000", metadata("x", "X")).statusCode(400).body("code", equalTo("INVALID_INPUT"));
    }

    @Test
    void refusesMalformedRequestsNamingWhatIsWrong() {
        String course = TestData.newCourse();
        create(given(), course, null, metadata("x", "X")).statusCode(400)
                .body("detail", equalTo("Upload-Length must be the size of the file in bytes, at least 1"));
        for (String length : new String[] { "0", "-5", "ten", "1.5" }) {
            create(given(), course, length, metadata("x", "X")).statusCode(400).body("code", equalTo("INVALID_INPUT"));
        }
        create(given(), course, "1000", null).statusCode(400).body("detail", equalTo("lesson_id is required"));
        create(given(), course, "1000", "lesson_id " + base64("x")).statusCode(400).body("detail", equalTo("title is required"));
        create(given(), course, "1000", "lesson_id not*base64,title " + base64("X")).statusCode(400)
                .body("detail", equalTo("Upload-Metadata is malformed: the value of lesson_id is not base64"));
        create(given(), course, "1000", metadata("x", "X", "max_duration_seconds", "21601")).statusCode(400)
                .body("detail", equalTo("max_duration_seconds must be an integer from 1 to 21600"));
        create(given(), course, "1000", metadata("x", "X", "require_signed_urls", "yes")).statusCode(400)
                .body("detail", equalTo("require_signed_urls must be true or false"));
        given().header("Upload-Length", "1000").header("Upload-Metadata", metadata("x", "X"))
                .when().post("/api/courses/" + course + "/videos/tus").then().statusCode(400)
                .body("detail", equalTo("Tus-Resumable must be 1.0.0"));
        given().when().get("/api/courses/" + course + "/videos?status=all").then().body("size()", equalTo(0));
    }

    @Test
    void onlyAdminsMayUpload() {
        String course = TestData.newCourse();
        create(asLearner(course), course, "1000", metadata("x", "X")).statusCode(403).body("code", equalTo("FORBIDDEN"));
        create(AsAdmin.anonymous(), course, "1000", metadata("x", "X")).statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }
}
