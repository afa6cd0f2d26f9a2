package com.coursevideo;

import static com.coursevideo.AsAdmin.given;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.coursevideo.cache.CacheMetrics;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Each test makes its own course and videos, so tests never depend on each other's rows. */
public final class TestData {

    private TestData() {
    }

    public static String newCourse() {
        return given().contentType(ContentType.JSON).body(Map.of("title", "Course " + UUID.randomUUID()))
                .when().post("/api/courses")
                .then().statusCode(201)
                .extract().path("id");
    }

    /** A fresh Cloudflare Stream uid: 32 lowercase hex characters. */
    public static String streamUid() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** The smallest valid {@code POST /api/videos} body, as a mutable map to add fields to. */
    public static Map<String, Object> video(String courseId, String lessonId) {
        Map<String, Object> body = new HashMap<>();
        body.put("course_id", courseId);
        body.put("lesson_id", lessonId);
        body.put("cloudflare_video_id", streamUid());
        body.put("title", "Lesson " + lessonId);
        return body;
    }

    /** Registers a video as ready (under a uid Cloudflare does not have: not for playback); returns its id. */
    public static String readyVideo(String courseId, String lessonId, Map<String, Object> extra) {
        Map<String, Object> body = video(courseId, lessonId);
        body.put("status", "ready");
        body.putAll(extra);
        return newVideo(body);
    }

    /** Registers the video and returns its id. */
    public static String newVideo(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/api/videos")
                .then().statusCode(201)
                .extract().path("id");
    }

    /** A video uploaded through a direct upload slot and processed by the (fake) Cloudflare until a sync finds it ready. */
    public static String uploadedReadyVideo(String course, String lesson, boolean signed, String availableUntil) {
        Map<String, Object> body = new HashMap<>(Map.of("lesson_id", lesson, "title", "Lesson " + lesson,
                "max_duration_seconds", 600, "require_signed_urls", signed));
        if (availableUntil != null) {
            body.put("available_until", availableUntil);
        }
        Response slot = given().contentType(ContentType.JSON).body(body)
                .when().post("/api/courses/" + course + "/videos/uploads")
                .then().statusCode(201).extract().response();
        String id = slot.path("video.id");
        RestAssured.given().body("video bytes".getBytes(StandardCharsets.UTF_8))
                .when().post(URI.create(slot.path("upload_url"))).then().statusCode(200);
        CacheMetrics.awaitTrue(lesson + " becomes ready", Duration.ofSeconds(30), () -> "ready".equals(given().when()
                .post("/api/videos/" + id + "/sync").then().statusCode(200).extract().<String>path("status")));
        return id;
    }
}
