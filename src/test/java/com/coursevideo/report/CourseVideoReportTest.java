package com.coursevideo.report;

import static com.coursevideo.AsAdmin.asLearner;
import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;
import com.coursevideo.access.TestTokens;
import com.coursevideo.cache.CacheMetrics;
import com.coursevideo.caption.CaptionTest;
import com.coursevideo.database.TestDatabase;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/** The course's CSV report, read back with a real CSV parser (Apache Commons CSV, RFC 4180). */
@QuarkusTest
public class CourseVideoReportTest {

    @Test
    void everyVideoIsARowAndHostileTextComesBackIntact() throws IOException {
        String course = TestData.newCourse();
        Map<String, String> titles = Map.of(
                "plain", "Lesson one",
                "comma", "Intro, part 1",
                "quotes", "The \"hard\" part",
                "newlines", "Line one\nline two\r\nline three",
                "formula", "=cmd|' /C calc'!A0",
                "plus", "+1 extra",
                "minus", "-2+3",
                "at", "@SUM(A1:A9)",
                "tab", "\t=1+2",
                "carriage return", "\r=1+2");
        Map<String, String> ids = new java.util.HashMap<>();
        titles.forEach((lesson, title) -> {
            Map<String, Object> body = TestData.video(course, "module 1/" + lesson);
            body.put("title", title);
            ids.put(lesson, TestData.newVideo(body));
        });
        String captioned = TestData.uploadedReadyVideo(course, "captioned", true, "2031-01-01T00:00:00Z");
        for (String language : List.of("fr", "en")) {
            given().contentType("text/vtt").body(CaptionTest.VTT).when().put(CaptionTest.captions(captioned) + "/" + language)
                    .then().statusCode(200);
        }

        Response response = given().when().get("/api/courses/" + course + "/videos/export.csv")
                .then().statusCode(200).contentType(startsWith("text/csv"))
                .header("Content-Disposition", "attachment; filename=\"course-" + course + "-videos.csv\"")
                .extract().response();
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(response.asString())).getRecords();

        assertEquals(List.of("id", "lesson_id", "title", "status", "duration", "require_signed_urls", "available_from",
                "available_until", "caption_languages", "created_at", "updated_at"), records.get(0).getParser().getHeaderNames());
        assertEquals(titles.size() + 1, records.size());
        Map<String, CSVRecord> byId = records.stream().collect(Collectors.toMap(row -> row.get("id"), Function.identity()));
        assertEquals("Lesson one", byId.get(ids.get("plain")).get("title"));
        assertEquals("Intro, part 1", byId.get(ids.get("comma")).get("title"));
        assertEquals("The \"hard\" part", byId.get(ids.get("quotes")).get("title"));
        assertEquals("Line one\nline two\r\nline three", byId.get(ids.get("newlines")).get("title"));
        // what a spreadsheet would run as a formula is text
        assertEquals("'=cmd|' /C calc'!A0", byId.get(ids.get("formula")).get("title"));
        assertEquals("'+1 extra", byId.get(ids.get("plus")).get("title"));
        assertEquals("'-2+3", byId.get(ids.get("minus")).get("title"));
        assertEquals("'@SUM(A1:A9)", byId.get(ids.get("at")).get("title"));
        // a spreadsheet skips a leading TAB or CR and runs what follows
        assertEquals("'\t=1+2", byId.get(ids.get("tab")).get("title"));
        assertEquals("'\r=1+2", byId.get(ids.get("carriage return")).get("title"));
        CSVRecord plain = byId.get(ids.get("plain"));
        assertEquals("module 1/plain", plain.get("lesson_id"));
        assertEquals("queued", plain.get("status"));
        assertEquals("false", plain.get("require_signed_urls"));
        assertEquals("", plain.get("available_until"));
        assertEquals("", plain.get("caption_languages"));
        CSVRecord withCaptions = byId.get(captioned);
        assertEquals("ready", withCaptions.get("status"));
        assertEquals("true", withCaptions.get("require_signed_urls"));
        assertEquals("2031-01-01T00:00Z", withCaptions.get("available_until"));
        assertEquals("en fr", withCaptions.get("caption_languages"));
        // the same instant as the API's JSON gives (ISO-8601, UTC; trailing zeros of the fraction may differ)
        String json = given().when().get("/api/videos/" + captioned).then().extract().path("created_at");
        assertEquals(OffsetDateTime.parse(json).toInstant(), OffsetDateTime.parse(withCaptions.get("created_at")).toInstant());
        assertTrue(withCaptions.get("created_at").endsWith("Z"), withCaptions.get("created_at"));
    }

    @Test
    void aCourseOfTenThousandVideosIsStreamed() throws Exception {
        String course = TestData.newCourse();
        insertVideos(course, 10_000);

        Response response = given().when().get("/api/courses/" + course + "/videos/export.csv")
                .then().statusCode(200).extract().response();

        // written as the cursor reads, not built first: no Content-Length, chunks instead
        assertEquals("chunked", response.header("Transfer-Encoding"));
        assertNull(response.header("Content-Length"));
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(response.asString())).getRecords();
        assertEquals(10_000, records.size());
        assertEquals(10_000, records.stream().map(row -> row.get("id")).distinct().count());
    }

    /**
     * A client that stops reading stops the cursor and leaves the export's transaction idle on its
     * pooled connection; PostgreSQL ends it after the configured idle time (3 s in tests) instead
     * of keeping it, its connection and its snapshot for as long as the client keeps the socket.
     */
    @Test
    void aStalledExportDoesNotHoldItsTransaction() throws Exception {
        String course = TestData.newCourse();
        // far more than the socket buffers between the service and the client hold
        insertVideos(course, 60_000);
        try (Socket client = new Socket()) {
            client.setReceiveBufferSize(4096);
            client.connect(new InetSocketAddress("127.0.0.1", RestAssured.port));
            client.getOutputStream().write(("GET /api/courses/" + course + "/videos/export.csv HTTP/1.1\r\n"
                    + "Host: localhost\r\nAuthorization: Bearer " + TestTokens.admin() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] status = client.getInputStream().readNBytes(12);
            assertEquals("HTTP/1.1 200", new String(status, StandardCharsets.US_ASCII));
            // ... and then the client reads nothing more
            CacheMetrics.awaitTrue("the stalled export's transaction is idle", Duration.ofSeconds(30),
                    () -> idleExportTransactions() > 0);
            CacheMetrics.awaitTrue("PostgreSQL ended the idle export transaction", Duration.ofSeconds(30),
                    () -> idleExportTransactions() == 0);
        }
        deleteVideos(course);
        // the pool lost that connection and works on
        String small = TestData.newCourse();
        TestData.newVideo(TestData.video(small, "after a stall"));
        given().when().get("/api/courses/" + small + "/videos/export.csv").then().statusCode(200);
    }

    /** The course's rows straight out of the test database again: 60,000 rows are no data to leave behind. */
    private static void deleteVideos(String course) throws SQLException {
        try (Connection db = TestDatabase.connect();
                PreparedStatement delete = db.prepareStatement("DELETE FROM course_videos WHERE course_id = ?::uuid")) {
            delete.setString(1, course);
            delete.executeUpdate();
        }
    }

    /** Sessions idle inside an export's transaction (the cursor's SELECT is their last statement). */
    private static long idleExportTransactions() {
        try (Connection observer = TestDatabase.connect();
                PreparedStatement idle = observer.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND state = 'idle in transaction'"
                        + " AND query LIKE '%AS caption_languages, v.created_at, v.updated_at FROM course_videos v%'");
                ResultSet rows = idle.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void onlyAdminsExportExistingCourses() {
        given().when().get("/api/courses/" + UUID.randomUUID() + "/videos/export.csv")
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("COURSE_NOT_FOUND"));
        given().when().get("/api/courses/not-a-uuid/videos/export.csv").then().statusCode(400).body("code", equalTo("INVALID_INPUT"));
        String course = TestData.newCourse();
        asLearner(course).when().get("/api/courses/" + course + "/videos/export.csv")
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
    }

    /**
     * Rows straight into the test database: ten thousand API calls would measure the API, not the
     * export. Ready, so that no other test's sync of every unfinished video walks through them.
     */
    private static void insertVideos(String course, int count) throws SQLException {
        try (Connection db = TestDatabase.connect();
                PreparedStatement insert = db.prepareStatement("INSERT INTO course_videos (course_id, lesson_id,"
                        + " cloudflare_video_id, title, status, processing_progress) SELECT ?::uuid, 'lesson-' || n,"
                        + " md5(?::text || n), 'Lesson ' || n, 'ready', 100 FROM generate_series(1, ?) n")) {
            insert.setString(1, course);
            insert.setString(2, course);
            insert.setInt(3, count);
            insert.executeUpdate();
        }
    }
}
