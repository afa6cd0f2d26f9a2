package com.coursevideo.course;

import static com.coursevideo.AsAdmin.asLearner;
import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.coursevideo.TestData;
import com.coursevideo.database.TestDatabase;
import com.coursevideo.http.Pages;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** GET /api/courses/{id}/videos in pages: by lesson_id, a bare array, Link while more remain. */
@QuarkusTest
class CourseVideosPagingTest {

    private static List<String> lessons(String firstPage, Runnable between) {
        List<String> lessons = new ArrayList<>();
        String next = firstPage;
        while (next != null) {
            Response page = Pages.get(next);
            lessons.addAll(page.jsonPath().getList("lesson_id"));
            next = Pages.next(page);
            if (next != null) {
                between.run();
            }
        }
        return lessons;
    }

    @Test
    void pagesInLessonOrderAndTheDefaultPageIsEveryVideoUpTo1000() {
        String course = TestData.newCourse();
        for (String lesson : List.of("e", "a", "d", "b", "c")) {
            TestData.newVideo(TestData.video(course, lesson));
        }
        Response whole = Pages.get("/api/courses/" + course + "/videos?status=all");
        assertEquals(List.of("a", "b", "c", "d", "e"), whole.jsonPath().getList("lesson_id"));
        assertNull(Pages.next(whole));

        assertEquals(List.of("a", "b", "c", "d", "e"), lessons("/api/courses/" + course + "/videos?status=all&limit=2", () -> {
        }));
        Response first = Pages.get("/api/courses/" + course + "/videos?status=all&limit=2");
        assertEquals(2, first.jsonPath().getList("$").size());
        assertTrue(Pages.next(first).contains("status=all"), "the same query: " + Pages.next(first));
    }

    @Test
    void aCourseOfMoreThan1000VideosComesInPagesOf1000() throws Exception {
        String course = TestData.newCourse();
        TestDatabase.insertVideos(course, 1001);
        Response first = Pages.get("/api/courses/" + course + "/videos");
        assertEquals(1000, first.jsonPath().getList("$").size());
        Response second = Pages.get(Pages.next(first));
        assertEquals(List.of("lesson-1001"), second.jsonPath().getList("lesson_id"));
        assertNull(Pages.next(second));
    }

    /** Lessons added before the cursor and deleted after it between pages: the rest come once each. */
    @Test
    void pagingNeitherSkipsNorRepeatsWhileLessonsChange() {
        String course = TestData.newCourse();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            ids.add(TestData.newVideo(TestData.video(course, "lesson-" + i)));
        }
        int[] step = {0};
        List<String> deleted = new ArrayList<>();
        List<String> seen = lessons("/api/courses/" + course + "/videos?status=all&limit=2", () -> {
            int i = step[0]++;
            TestData.newVideo(TestData.video(course, "a-added-" + i)); // sorts before every lesson-n
            given().when().delete("/api/videos/" + ids.get(8 - i)).then().statusCode(204); // not read yet
            deleted.add("lesson-" + (8 - i));
        });
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no lesson twice: " + seen);
        for (int i = 0; i < 9; i++) {
            String lesson = "lesson-" + i;
            assertTrue(deleted.contains(lesson) || seen.contains(lesson), lesson + " in " + seen);
        }
    }

    @Test
    void learnersPageTheirReadyVideos() {
        String course = TestData.newCourse();
        for (String lesson : List.of("a", "b", "c")) {
            TestData.readyVideo(course, lesson, Map.of());
        }
        TestData.newVideo(TestData.video(course, "bb-queued"));
        Response first = asLearner(course).urlEncodingEnabled(false).when().get("/api/courses/" + course + "/videos?limit=2")
                .then().statusCode(200).extract().response();
        assertEquals(List.of("a", "b"), first.jsonPath().getList("lesson_id"));
        Response second = asLearner(course).urlEncodingEnabled(false).when().get(Pages.next(first))
                .then().statusCode(200).extract().response();
        assertEquals(List.of("c"), second.jsonPath().getList("lesson_id"));
        assertNull(Pages.next(second));
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=1001", "limit=many", "after=%25%25"})
    void malformedPagingIs400(String query) {
        String course = TestData.newCourse();
        given().urlEncodingEnabled(false).when().get("/api/courses/" + course + "/videos?" + query)
                .then().statusCode(400).body("code", equalTo("INVALID_INPUT"));
    }
}
