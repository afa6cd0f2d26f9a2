package com.coursevideo.course;

import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class CourseResourceTest {

    private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})";

    @Test
    void createsCourseWithLocation() {
        String id = given().contentType(ContentType.JSON).body(Map.of("title", "Distributed systems"))
                .when().post("/api/courses")
                .then().statusCode(201)
                .contentType(ContentType.JSON)
                .body("title", equalTo("Distributed systems"))
                .body("created_at", matchesPattern(TIMESTAMP))
                .body("updated_at", matchesPattern(TIMESTAMP))
                .header("Location", notNullValue())
                .extract().path("id");
        given().when().get("/api/courses/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("title", equalTo("Distributed systems"));
    }

    @Test
    void locationPointsAtTheNewCourse() {
        var response = given().contentType(ContentType.JSON).body(Map.of("title", "Networks"))
                .when().post("/api/courses")
                .then().statusCode(201).extract();
        String id = response.path("id");
        org.hamcrest.MatcherAssert.assertThat(response.header("Location"), endsWith("/api/courses/" + id));
    }

    @Test
    void rejectsMissingTitle() {
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/api/courses")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("INVALID_INPUT"))
                .body("status", equalTo(400))
                .body("detail", equalTo("title is required"));
    }

    @Test
    void rejectsBlankTitle() {
        given().contentType(ContentType.JSON).body(Map.of("title", "   "))
                .when().post("/api/courses")
                .then().statusCode(400)
                .body("code", equalTo("INVALID_INPUT"))
                .body("detail", equalTo("title must not be blank"));
    }

    @Test
    void rejectsTitleLongerThan255() {
        given().contentType(ContentType.JSON).body(Map.of("title", "x".repeat(256)))
                .when().post("/api/courses")
                .then().statusCode(400)
                .body("detail", equalTo("title must be at most 255 characters"));
    }

    @Test
    void acceptsTitleOf255Characters() {
        given().contentType(ContentType.JSON).body(Map.of("title", "é".repeat(255)))
                .when().post("/api/courses")
                .then().statusCode(201)
                .body("title", equalTo("é".repeat(255)));
    }

    @Test
    void rejectsTitleOfWrongType() {
        given().contentType(ContentType.JSON).body(Map.of("title", 42))
                .when().post("/api/courses")
                .then().statusCode(400)
                .body("detail", equalTo("title must be a string"));
    }

    @Test
    void rejectsMalformedJson() {
        given().contentType(ContentType.JSON).body("{\"title\": ")
                .when().post("/api/courses")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("INVALID_INPUT"))
                .body("detail", matchesPattern("request body is not valid JSON.*"));
    }

    @Test
    void unknownCourseIsNotFound() {
        String id = UUID.randomUUID().toString();
        given().when().get("/api/courses/" + id)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("COURSE_NOT_FOUND"))
                .body("title", equalTo("Not Found"))
                .body("detail", equalTo("course " + id + " not found"));
    }

    @Test
    void malformedCourseIdIsInvalidInput() {
        given().when().get("/api/courses/not-a-uuid")
                .then().statusCode(400)
                .body("code", equalTo("INVALID_INPUT"))
                .body("detail", equalTo("courseId must be a UUID"));
        given().when().delete("/api/courses/1-2-3-4-5")
                .then().statusCode(400)
                .body("code", equalTo("INVALID_INPUT"));
    }

    @Test
    void deletesCourseAndItsVideos() {
        String course = TestData.newCourse();
        String video = TestData.newVideo(TestData.video(course, "lesson-1"));

        given().when().delete("/api/courses/" + course).then().statusCode(204);

        given().when().get("/api/courses/" + course).then().statusCode(404);
        given().when().get("/api/videos/" + video).then().statusCode(404).body("code", equalTo("VIDEO_NOT_FOUND"));
        given().when().delete("/api/courses/" + course).then().statusCode(404).body("code", equalTo("COURSE_NOT_FOUND"));
    }
}
