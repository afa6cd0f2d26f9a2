package com.coursevideo.progress;

import static com.coursevideo.AsAdmin.given;
import static com.coursevideo.progress.Learners.stretch;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.coursevideo.Management;
import com.coursevideo.TestData;
import com.coursevideo.cache.CacheMetrics;
import com.coursevideo.database.TestDatabase;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Learner progress over HTTP (so that it runs against the jar too): heartbeats, their validation
 * and visibility, the crediting cap, completion, order independence, the flush, deletion, erasure
 * and the admin's summary and CSV. Heartbeats reach PostgreSQL within the test profile's flush
 * interval (1 s): reads are awaited, with a deadline.
 */
@QuarkusTest
public class ProgressTest {

    static final Duration PATIENCE = Duration.ofSeconds(20);

    /** A course with one ready video of that duration; its learner. */
    record Lesson(String course, String video, Learners learner) {

        static Lesson of(double duration) {
            String course = TestData.newCourse();
            String video = TestData.readyVideo(course, "lesson-1", Map.of("duration", duration));
            return new Lesson(course, video, Learners.enrolled(course));
        }
    }

    @Test
    void aHeartbeatIsReadBackAsTheLearnersProgress() {
        Lesson lesson = Lesson.of(100);
        lesson.learner().progress(lesson.video()).statusCode(200)
                .body("video_id", equalTo(lesson.video()), "position", equalTo(0f), "watched_fraction", equalTo(0f),
                        "completed", equalTo(false), "completed_at", nullValue(), "updated_at", nullValue());

        lesson.learner().heartbeat(lesson.video(), 5.5, stretch(0, 5.5)).statusCode(204);

        JsonPath read = awaitFraction(lesson.learner(), lesson.video(), 0.055);
        assertEquals(5.5f, read.getFloat("position"));
        assertFalse(read.getBoolean("completed"));
        assertTrue(read.getString("updated_at") != null, read.prettify());
    }

    static Stream<Arguments> malformedHeartbeats() {
        return Stream.of(
                Arguments.of("{\"watched\": []}", "position"),
                Arguments.of("{\"position\": \"5\", \"watched\": []}", "position"),
                Arguments.of("{\"position\": -1, \"watched\": []}", "position"),
                Arguments.of("{\"position\": null, \"watched\": []}", "position"),
                Arguments.of("{\"position\": 101.5, \"watched\": []}", "position"),
                Arguments.of("{\"position\": 1}", "watched"),
                Arguments.of("{\"position\": 1, \"watched\": {}}", "watched"),
                Arguments.of("{\"position\": 1, \"watched\": [1, 2]}", "watched"),
                Arguments.of("{\"position\": 1, \"watched\": [[1]]}", "watched"),
                Arguments.of("{\"position\": 1, \"watched\": [[1, 2, 3]]}", "watched"),
                Arguments.of("{\"position\": 1, \"watched\": [[5, 1]]}", "watched"),
                Arguments.of("{\"position\": 1, \"watched\": [[2, 2]]}", "watched"),
                Arguments.of("{\"position\": 1, \"watched\": [[-1, 2]]}", "watched"),
                Arguments.of("{\"position\": 1, \"watched\": [[\"0\", 2]]}", "watched"),
                Arguments.of("{\"position\": 1, \"watched\": [[0, null]]}", "watched"),
                Arguments.of("{\"position\": 1, \"watched\": [null]}", "watched"),
                Arguments.of("{\"position\": 1, \"watched\": [[0, 101.5]]}", "watched"),
                Arguments.of("{\"position\": 1, \"watched\": " + fiftyOneStretches() + "}", "watched"),
                Arguments.of("[]", "request body"),
                Arguments.of("{\"position\": 1, \"watched\": [[0, 1]]", "request body"));
    }

    @ParameterizedTest
    @MethodSource("malformedHeartbeats")
    void aMalformedHeartbeatIsA400NamingTheFieldAndRecordsNothing(String body, String field) {
        Lesson lesson = Lesson.of(100);
        lesson.learner().given().contentType(ContentType.JSON).body(body)
                .when().put("/api/videos/" + lesson.video() + "/progress")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("INVALID_INPUT"), "detail", startsWith(field));
        // a valid heartbeat after it is all there is
        lesson.learner().heartbeat(lesson.video(), 3, stretch(0, 3)).statusCode(204);
        awaitFraction(lesson.learner(), lesson.video(), 0.03);
    }

    @Test
    void aBoundJustPastTheDurationIsCutToIt() {
        Lesson lesson = Lesson.of(10);
        lesson.learner().heartbeat(lesson.video(), 10.4, stretch(0, 10.4)).statusCode(204);
        JsonPath read = awaitFraction(lesson.learner(), lesson.video(), 1.0);
        assertEquals(10f, read.getFloat("position"));
    }

    @Test
    void learnersRecordAndReadOnlyVideosTheyMaySee() {
        String course = TestData.newCourse();
        String other = TestData.newCourse();
        String ready = TestData.readyVideo(course, "ready", Map.of("duration", 60));
        String queued = TestData.newVideo(TestData.video(course, "queued"));
        String unreleased = TestData.readyVideo(course, "later", Map.of("duration", 60,
                "available_from", Instant.now().plus(1, ChronoUnit.DAYS).toString()));
        String elsewhere = TestData.readyVideo(other, "elsewhere", Map.of("duration", 60));
        Learners learner = Learners.enrolled(course);

        learner.heartbeat(ready, 1, stretch(0, 1)).statusCode(204);
        for (String hidden : List.of(queued, unreleased, "00000000-0000-4000-8000-000000000000")) {
            learner.heartbeat(hidden, 1, stretch(0, 1)).statusCode(404).body("code", equalTo("VIDEO_NOT_FOUND"));
            learner.progress(hidden).statusCode(404).body("code", equalTo("VIDEO_NOT_FOUND"));
        }
        learner.heartbeat(elsewhere, 1, stretch(0, 1)).statusCode(403).body("code", equalTo("FORBIDDEN"));
        learner.progress(elsewhere).statusCode(403).body("code", equalTo("FORBIDDEN"));
        learner.given().when().get("/api/courses/" + other + "/progress").then().statusCode(403);
        learner.given().when().get("/api/courses/" + course + "/progress/summary").then().statusCode(403);
        learner.given().when().delete("/api/learners/" + learner.sub() + "/progress").then().statusCode(403);
        learner.given().when().get("/api/videos/not-a-uuid/progress").then().statusCode(400);
        AsAdminAnonymous.heartbeat(ready).statusCode(401);
    }

    @Test
    void anAdminRecordsTheirOwnProgress() {
        Lesson lesson = Lesson.of(100);
        Learners admin = Learners.admin("admin-" + java.util.UUID.randomUUID());
        admin.heartbeat(lesson.video(), 7, stretch(0, 7)).statusCode(204);
        awaitFraction(admin, lesson.video(), 0.07);
        lesson.learner().progress(lesson.video()).statusCode(200).body("watched_fraction", equalTo(0f));
    }

    @Test
    void oneHeartbeatCreditsAtMostTwiceTheElapsedTimePlusTenSeconds() {
        Lesson lesson = Lesson.of(200);
        // a first heartbeat counts as 10 s after the one before: at most 2 × 10 + 10 = 30 s
        Instant first = Instant.now();
        lesson.learner().heartbeat(lesson.video(), 200, stretch(0, 200)).statusCode(204);
        awaitFraction(lesson.learner(), lesson.video(), 0.15);
        // the next, however much it claims, adds at most 2 × (the time since the first) + 10 s: no more
        // time passed between the two than from before the first was sent until the second was answered
        lesson.learner().heartbeat(lesson.video(), 200, stretch(30, 200)).statusCode(204);
        double elapsed = Duration.between(first, Instant.now()).toMillis() / 1000.0;
        awaitTrue(lesson, read -> read.getFloat("watched_fraction") > 0.15f);
        double covered = lesson.learner().progress(lesson.video()).extract().jsonPath().getFloat("watched_fraction") * 200;
        // watched_fraction has 3 decimals: of 200 s, covered is known to 0.1 s either way
        assertTrue(covered <= 30 + 2 * elapsed + 10 + 0.1, "covered " + covered + " s, at most " + elapsed + " s apart");
        lesson.learner().progress(lesson.video()).body("completed", equalTo(false));
    }

    @Test
    void completionAtNinetyPercentNeverReverts() {
        Lesson lesson = Lesson.of(20);
        lesson.learner().heartbeat(lesson.video(), 18, stretch(0, 18)).statusCode(204);
        JsonPath done = awaitFraction(lesson.learner(), lesson.video(), 0.9);
        assertTrue(done.getBoolean("completed"), done.prettify());
        String completedAt = done.getString("completed_at");
        assertTrue(completedAt != null, done.prettify());

        // the video turns out longer: the fraction drops, the completion stays
        given().contentType(ContentType.JSON).body(Map.of("duration", 1000))
                .when().patch("/api/videos/" + lesson.video()).then().statusCode(200);
        lesson.learner().heartbeat(lesson.video(), 19, stretch(18, 19)).statusCode(204);
        JsonPath after = awaitFraction(lesson.learner(), lesson.video(), 0.019);
        assertTrue(after.getBoolean("completed"), after.prettify());
        assertEquals(completedAt, after.getString("completed_at"));
    }

    @Test
    void theSameHeartbeatsInAnyOrderGiveTheSameCoverage() {
        String course = TestData.newCourse();
        String video = TestData.readyVideo(course, "lesson", Map.of("duration", 100));
        // each under any heartbeat's allowance (10 s), so that the cap leaves them whole
        List<double[][]> heartbeats = List.of(
                new double[][] { stretch(0, 8) },
                new double[][] { stretch(20, 28), stretch(27, 29.5) },
                new double[][] { stretch(5, 12) },
                new double[][] { stretch(40, 45), stretch(90, 93) });
        List<double[][]> reversed = new ArrayList<>(heartbeats);
        Collections.reverse(reversed);
        List<double[][]> shuffled = List.of(heartbeats.get(2), heartbeats.get(0), heartbeats.get(3), heartbeats.get(1));
        List<Float> fractions = new ArrayList<>();
        for (List<double[][]> order : List.of(heartbeats, reversed, shuffled)) {
            Learners learner = Learners.enrolled(course);
            order.forEach(watched -> learner.heartbeat(video, 1, watched).statusCode(204));
            // [0, 12) ∪ [20, 29.5) ∪ [40, 45) ∪ [90, 93): 29.5 s of 100
            fractions.add(awaitFraction(learner, video, 0.295).getFloat("watched_fraction"));
        }
        assertEquals(List.of(0.295f, 0.295f, 0.295f), fractions);
    }

    @Test
    void heartbeatsOfManyLearnersAtOnceAreAllRecorded() {
        String course = TestData.newCourse();
        String video = TestData.readyVideo(course, "lesson", Map.of("duration", 100));
        int learners = 200;
        List<Learners> crowd = IntStream.range(0, learners).mapToObj(i -> Learners.enrolled(course)).toList();
        crowd.parallelStream().forEach(learner -> learner.heartbeat(video, 2, stretch(0, 2)).statusCode(204));
        awaitTrue(() -> "all learners recorded", () -> summary(course).getInt("[0].learners_started") == learners);
        assertEquals(0.02f, summary(course).getFloat("[0].median_watched_fraction"));
    }

    @Test
    void deletingAVideoOrItsCourseDeletesItsProgress() throws SQLException {
        Lesson lesson = Lesson.of(100);
        String second = TestData.readyVideo(lesson.course(), "lesson-2", Map.of("duration", 100));
        lesson.learner().heartbeat(lesson.video(), 1, stretch(0, 1)).statusCode(204);
        lesson.learner().heartbeat(second, 1, stretch(0, 1)).statusCode(204);
        awaitFraction(lesson.learner(), lesson.video(), 0.01);
        awaitFraction(lesson.learner(), second, 0.01);

        given().when().delete("/api/videos/" + lesson.video() + "?delete_from_cloudflare=false").then().statusCode(204);
        assertEquals(0, rowsOf("video_id", lesson.video()));
        assertEquals(1, rowsOf("learner", lesson.learner().sub()));
        given().when().delete("/api/courses/" + lesson.course()).then().statusCode(204);
        assertEquals(0, rowsOf("learner", lesson.learner().sub()));
    }

    @Test
    void erasureRemovesEverythingOfOneLearner() throws SQLException {
        Lesson lesson = Lesson.of(100);
        Learners other = Learners.enrolled(lesson.course());
        // a sub that needs encoding in a path
        Learners learner = Learners.named("auth0|user/" + java.util.UUID.randomUUID() + " x", lesson.course());
        learner.heartbeat(lesson.video(), 4, stretch(0, 4)).statusCode(204);
        other.heartbeat(lesson.video(), 4, stretch(0, 4)).statusCode(204);
        awaitFraction(learner, lesson.video(), 0.04);
        awaitFraction(other, lesson.video(), 0.04);
        // sent just before the erasure, still in the buffer: erased too
        learner.heartbeat(lesson.video(), 6, stretch(4, 6)).statusCode(204);

        given().urlEncodingEnabled(false)
                .when().delete("/api/learners/" + URLEncoder.encode(learner.sub(), StandardCharsets.UTF_8).replace("+", "%20")
                        + "/progress")
                .then().statusCode(204);

        assertEquals(0, rowsOf("learner", learner.sub()));
        learner.progress(lesson.video()).statusCode(200).body("watched_fraction", equalTo(0f), "updated_at", nullValue());
        other.progress(lesson.video()).statusCode(200).body("watched_fraction", equalTo(0.04f));
    }

    @Test
    void aCourseReadsAsTheLearnersProgressOnEachVideoTheyMaySee() {
        String course = TestData.newCourse();
        String b = TestData.readyVideo(course, "b", Map.of("duration", 100));
        String a = TestData.readyVideo(course, "a", Map.of("duration", 50));
        TestData.newVideo(TestData.video(course, "c-queued"));
        Learners learner = Learners.enrolled(course);
        learner.heartbeat(b, 10, stretch(0, 10)).statusCode(204);
        awaitFraction(learner, b, 0.1);

        JsonPath list = learner.given().when().get("/api/courses/" + course + "/progress").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of(a, b), list.getList("video_id"));
        assertEquals(List.of(0f, 0.1f), list.getList("watched_fraction"));
        assertEquals(3, given().when().get("/api/courses/" + course + "/progress").then().statusCode(200)
                .extract().jsonPath().getList("$").size(), "an admin sees every video");
    }

    @Test
    void theSummaryAndTheCsvShowEveryLearner() throws IOException {
        String course = TestData.newCourse();
        String first = TestData.readyVideo(course, "1", Map.of("duration", 20));
        String second = TestData.readyVideo(course, "2", Map.of("duration", 100));
        Learners done = Learners.named("=cmd|' /C calc'!A0 " + java.util.UUID.randomUUID(), course);
        Learners half = Learners.enrolled(course);
        Learners little = Learners.enrolled(course);
        done.heartbeat(first, 19, stretch(0, 19)).statusCode(204);
        half.heartbeat(first, 10, stretch(0, 10)).statusCode(204);
        little.heartbeat(first, 2, stretch(0, 2)).statusCode(204);
        awaitTrue(() -> "three learners", () -> summary(course).getInt("[0].learners_started") == 3);

        JsonPath summary = summary(course);
        assertEquals(List.of(first, second), summary.getList("video_id"));
        assertEquals(List.of("1", "2"), summary.getList("lesson_id"));
        assertEquals(List.of(3, 0), summary.getList("learners_started"));
        assertEquals(List.of(1, 0), summary.getList("learners_completed"));
        assertEquals(List.of(0.5f, 0f), summary.getList("median_watched_fraction"));
        given().when().get("/api/courses/00000000-0000-4000-8000-000000000000/progress/summary").then().statusCode(404)
                .body("code", equalTo("COURSE_NOT_FOUND"));

        String csv = given().when().get("/api/courses/" + course + "/progress/export.csv").then().statusCode(200)
                .contentType(startsWith("text/csv"))
                .header("Content-Disposition", "attachment; filename=\"course-" + course + "-progress.csv\"")
                .extract().asString();
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        assertEquals(List.of("learner", "video_id", "lesson_id", "position", "watched_fraction", "completed", "completed_at",
                "updated_at"), records.get(0).getParser().getHeaderNames());
        assertEquals(3, records.size());
        CSVRecord hostile = records.stream().filter(row -> row.get("learner").contains("calc")).findFirst().orElseThrow();
        assertEquals("'" + done.sub(), hostile.get("learner"), "a formula is neutralised");
        assertEquals("0.950", hostile.get("watched_fraction"));
        assertEquals("true", hostile.get("completed"));
        assertTrue(!hostile.get("completed_at").isEmpty(), csv);
        assertEquals(first, hostile.get("video_id"));
    }

    // ---- helpers

    static JsonPath awaitFraction(Learners learner, String video, double fraction) {
        JsonPath[] last = new JsonPath[1];
        CacheMetrics.awaitTrue(() -> "watched_fraction " + fraction + " of " + video + ", last read " + last[0].prettify(),
                PATIENCE, () -> {
                    last[0] = learner.progress(video).statusCode(200).extract().jsonPath();
                    return Math.abs(last[0].getDouble("watched_fraction") - fraction) < 1e-6;
                });
        return last[0];
    }

    private static void awaitTrue(Lesson lesson, java.util.function.Predicate<JsonPath> condition) {
        CacheMetrics.awaitTrue("progress of " + lesson.video(), PATIENCE,
                () -> condition.test(lesson.learner().progress(lesson.video()).statusCode(200).extract().jsonPath()));
    }

    private static void awaitTrue(java.util.function.Supplier<String> what, java.util.function.BooleanSupplier condition) {
        CacheMetrics.awaitTrue(what, PATIENCE, condition);
    }

    static JsonPath summary(String course) {
        return given().when().get("/api/courses/" + course + "/progress/summary").then().statusCode(200).extract().jsonPath();
    }

    /** A counter of the service's Prometheus metrics (0 before it counted anything). */
    static double metric(String name) {
        String text = Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? (\\S+)$").matcher(text);
        double total = 0;
        while (line.find()) {
            total += Double.parseDouble(line.group(1));
        }
        return total;
    }

    static int rowsOf(String column, String value) throws SQLException {
        try (Connection db = TestDatabase.connect();
                PreparedStatement count = db.prepareStatement("SELECT count(*) FROM learner_progress WHERE " + column
                        + ("video_id".equals(column) ? " = ?::uuid" : " = ?"))) {
            count.setString(1, value);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static String fiftyOneStretches() {
        return IntStream.range(0, 51).mapToObj(i -> "[" + i + ", " + (i + 0.5) + "]")
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    /** A heartbeat without a token. */
    private static final class AsAdminAnonymous {
        static io.restassured.response.ValidatableResponse heartbeat(String video) {
            return com.coursevideo.AsAdmin.anonymous().contentType(ContentType.JSON)
                    .body(Map.of("position", 1, "watched", List.of()))
                    .when().put("/api/videos/" + video + "/progress").then();
        }
    }
}
