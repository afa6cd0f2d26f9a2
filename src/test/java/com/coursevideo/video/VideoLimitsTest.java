package com.coursevideo.video;

import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.coursevideo.RawHttp;
import com.coursevideo.TestData;
import com.coursevideo.access.TestTokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;

/** The contract's limits: 1 MB bodies (captions 10 MB), field sizes, metadata size and depth, lesson ids. */
@QuarkusTest
class VideoLimitsTest {

    private static final int MEGABYTE = 1024 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /**
     * A body whose declared length is over the limit is refused before any of it is read: the test
     * sends the head only, so the answer cannot depend on when the service closes the connection
     * while a client is still writing.
     */
    @Test
    void aJsonBodyOverOneMegabyteIs413AndChangesNothing() throws Exception {
        String course = TestData.newCourse();
        String answer = RawHttp.headOnly("POST /api/videos HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + TestTokens.admin() + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (MEGABYTE + 1));
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains("application/problem+json"), answer);
        assertTrue(answer.contains("\"code\":\"PAYLOAD_TOO_LARGE\""), answer);
        given().when().get("/api/courses/" + course + "/videos?status=all").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void aChunkedJsonBodyOverOneMegabyteIs413AndChangesNothing() throws Exception {
        String course = TestData.newCourse();
        Map<String, Object> body = TestData.video(course, "too-big-chunked");
        body.put("description", "x".repeat(2 * MEGABYTE));
        HttpResponse<String> refused = postChunked("/api/videos", body);
        assertEquals(413, refused.statusCode());
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElseThrow());
        JsonObject problem = new JsonObject(refused.body());
        assertEquals("PAYLOAD_TOO_LARGE", problem.getString("code"));
        assertEquals("the request body is larger than " + MEGABYTE + " bytes", problem.getString("detail"));
        given().when().get("/api/courses/" + course + "/videos?status=all").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void aChunkedJsonBodyUnderTheLimitIsRead() throws Exception {
        HttpResponse<String> created = postChunked("/api/videos", TestData.video(TestData.newCourse(), "chunked"));
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("chunked", new JsonObject(created.body()).getString("lesson_id"));
    }

    @Test
    void aBodyJustUnderOneMegabyteIsReadAndJudgedOnItsFields() {
        Map<String, Object> body = TestData.video(TestData.newCourse(), "nearly-too-big");
        body.put("description", "x".repeat(MEGABYTE - 1024));
        given().contentType(ContentType.JSON).body(body).when().post("/api/videos")
                .then().statusCode(400).body("code", equalTo("INVALID_INPUT"))
                .body("detail", containsString("description must be at most 10000 characters"));
    }

    @Test
    void aCaptionFileMayBeLargerThanOneMegabyte() {
        String video = TestData.uploadedReadyVideo(TestData.newCourse(), "long-captions", false, null);
        StringBuilder vtt = new StringBuilder("WEBVTT\n\n");
        for (int second = 0; vtt.length() < 2 * MEGABYTE; second++) {
            vtt.append(String.format("%02d:%02d:%02d.000 --> %02d:%02d:%02d.500%n%s%n%n", second / 3600, second / 60 % 60,
                    second % 60, second / 3600, second / 60 % 60, second % 60, "A line of a long lecture's captions."));
        }
        given().contentType("text/vtt").body(vtt.toString()).when().put("/api/videos/" + video + "/captions/en")
                .then().statusCode(200).body("language", equalTo("en"));
        given().when().get("/api/videos/" + video + "/captions/en/vtt").then().statusCode(200)
                .body(equalTo(vtt.toString()));
    }

    static Stream<Arguments> fieldsOverTheirLimits() {
        return Stream.of(
                Arguments.of("description", "d".repeat(10_001), "description must be at most 10000 characters"),
                Arguments.of("title", "t".repeat(256), "title must be at most 255 characters"),
                Arguments.of("metadata", Map.of("notes", "m".repeat(16 * 1024)), "metadata must be at most 16384 bytes as JSON"),
                Arguments.of("metadata", nested(11), "metadata must be nested at most 10 levels deep"),
                Arguments.of("metadata", Map.of("list", List.of(nested(10))), "metadata must be nested at most 10 levels deep"),
                Arguments.of("lesson_id", "module-1/\tlesson", "lesson_id must not contain control characters"),
                Arguments.of("lesson_id", "lesson\u0007bell", "lesson_id must not contain control characters"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("fieldsOverTheirLimits")
    void aFieldOverItsLimitIs400NamingIt(String field, Object value, String detail) {
        String course = TestData.newCourse();
        Map<String, Object> body = TestData.video(course, "limits");
        body.put(field, value);
        given().contentType(ContentType.JSON).body(body).when().post("/api/videos")
                .then().statusCode(400).body("code", equalTo("INVALID_INPUT")).body("detail", equalTo(detail));

        String id = TestData.newVideo(TestData.video(course, "limits-patch"));
        given().contentType(ContentType.JSON).body(Map.of(field, value)).when().patch("/api/videos/" + id)
                .then().statusCode(400).body("code", equalTo("INVALID_INPUT")).body("detail", equalTo(detail));
    }

    @Test
    void fieldsAtTheirLimitsAreStored() {
        Map<String, Object> body = TestData.video(TestData.newCourse(), "module-1/lesson 1 (ünïcode)");
        body.put("title", "t".repeat(255));
        body.put("description", "é".repeat(10_000));
        body.put("metadata", nested(10));
        String id = TestData.newVideo(body);
        given().when().get("/api/videos/" + id).then().statusCode(200)
                .body("description.length()", equalTo(10_000))
                .body("lesson_id", equalTo("module-1/lesson 1 (ünïcode)"));
    }

    @Test
    void overHttp2ABodyWithoutALengthIsReadOrRefusedTheSame() throws Exception {
        HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        // the first request upgrades the connection (h2c); the next ones are HTTP/2 streams on it
        HttpResponse<String> read = http2.send(HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                + "/api/courses?limit=1")).header("Authorization", "Bearer " + TestTokens.admin()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, read.statusCode());
        String course = TestData.newCourse();
        HttpResponse<String> created = postChunked(http2, "/api/videos", TestData.video(course, "over-http2"));
        assertEquals(HttpClient.Version.HTTP_2, created.version());
        assertEquals(201, created.statusCode(), created.body());
        Map<String, Object> tooBig = TestData.video(course, "too-big-over-http2");
        tooBig.put("description", "x".repeat(2 * MEGABYTE));
        HttpResponse<String> refused = postChunked(http2, "/api/videos", tooBig);
        assertEquals(HttpClient.Version.HTTP_2, refused.version());
        assertEquals(413, refused.statusCode());
        assertEquals("PAYLOAD_TOO_LARGE", new JsonObject(refused.body()).getString("code"));
    }

    /** POSTs the body as a stream of unknown length: sent chunked, without Content-Length. */
    private static HttpResponse<String> postChunked(String path, Map<String, Object> body) throws Exception {
        return postChunked(HTTP, path, body);
    }

    private static HttpResponse<String> postChunked(HttpClient client, String path, Map<String, Object> body) throws Exception {
        byte[] json = new JsonObject(body).encode().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                .header("Authorization", "Bearer " + TestTokens.admin())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(json)))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** An object {@code levels} deep: {"level": {"level": ... {"level": "bottom"}}}. */
    private static Map<String, Object> nested(int levels) {
        Map<String, Object> object = new HashMap<>(Map.of("level", "bottom"));
        for (int level = 1; level < levels; level++) {
            object = new HashMap<>(Map.of("level", object));
        }
        return object;
    }
}
