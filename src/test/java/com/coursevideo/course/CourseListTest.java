package com.coursevideo.course;

import static com.coursevideo.AsAdmin.asLearner;
import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.coursevideo.http.Pages;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** GET /api/courses (paged, by title then id, q a substring of the title) and PATCH /api/courses/{id}. */
@QuarkusTest
class CourseListTest {

    private static String course(String title) {
        return given().contentType(ContentType.JSON).body(Map.of("title", title)).when().post("/api/courses")
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void pagesByTitleThenIdAndSearchesCaseInsensitively() {
        String tag = UUID.randomUUID().toString();
        String c = course("c " + tag);
        String a = course("a " + tag);
        String b1 = course("b " + tag);
        String b2 = course("b " + tag);
        course("unrelated " + UUID.randomUUID());
        List<String> bs = b1.compareTo(b2) < 0 ? List.of(b1, b2) : List.of(b2, b1);

        Response first = Pages.get("/api/courses?limit=2&q=" + tag.toUpperCase());
        List<String> ids = first.jsonPath().getList("id");
        String next = Pages.next(first);
        Response second = Pages.get(next);
        assertNull(Pages.next(second), "two pages hold four courses");
        ids = new ArrayList<>(ids);
        ids.addAll(second.jsonPath().getList("id"));
        // equal titles in id order (UUIDs compare as their lowercase text does)
        assertEquals(List.of(a, bs.get(0), bs.get(1), c), ids);
    }

    @Test
    void wildcardsInQAreTakenLiterally() {
        String tag = UUID.randomUUID().toString();
        String literal = course("100% " + tag);
        course("1000 " + tag);
        String q = URLEncoder.encode("0% " + tag, StandardCharsets.UTF_8);
        assertEquals(List.of(literal), Pages.get("/api/courses?q=" + q).jsonPath().getList("id"));
        assertEquals(List.of(), Pages.get("/api/courses?q=" + URLEncoder.encode("_" + tag.substring(1) + "x", StandardCharsets.UTF_8))
                .jsonPath().getList("id"));
    }

    @Test
    void renamesACourse() {
        String id = course("Old title");
        given().contentType(ContentType.JSON).body(Map.of("title", "New title")).when().patch("/api/courses/" + id)
                .then().statusCode(200).body("id", equalTo(id)).body("title", equalTo("New title"));
        given().when().get("/api/courses/" + id).then().statusCode(200).body("title", equalTo("New title"));
    }

    @Test
    void renamingRefusesWhatIsNotACourseOrATitle() {
        String id = course("Kept");
        given().contentType(ContentType.JSON).body(Map.of("title", "x")).when().patch("/api/courses/" + UUID.randomUUID())
                .then().statusCode(404).body("code", equalTo("COURSE_NOT_FOUND"));
        given().contentType(ContentType.JSON).body(Map.of("title", " ")).when().patch("/api/courses/" + id)
                .then().statusCode(400).body("code", equalTo("INVALID_INPUT"));
        given().contentType(ContentType.JSON).body(Map.of("name", "x")).when().patch("/api/courses/" + id)
                .then().statusCode(400).body("code", equalTo("INVALID_INPUT"));
        asLearner(id).contentType(ContentType.JSON).body(Map.of("title", "x")).when().patch("/api/courses/" + id)
                .then().statusCode(403);
        given().when().get("/api/courses/" + id).then().body("title", equalTo("Kept"));
    }

    @Test
    void learnersMayNotListCourses() {
        asLearner(UUID.randomUUID().toString()).when().get("/api/courses").then().statusCode(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=1001", "limit=ten", "after=not-a-cursor!", "after=YWJj"})
    void malformedPagingIs400(String query) {
        given().urlEncodingEnabled(false).when().get("/api/courses?" + query)
                .then().statusCode(400).body("code", equalTo("INVALID_INPUT"));
    }
}
