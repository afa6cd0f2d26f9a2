package com.coursevideo.caption;

import static com.coursevideo.AsAdmin.asLearner;
import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.coursevideo.AsAdmin;
import com.coursevideo.TestData;
import com.coursevideo.access.TestTokens;
import com.coursevideo.cache.CacheMetrics;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** The contract's captions over HTTP only, so that it also runs against the packaged jar and the native executable. */
@QuarkusTest
public class CaptionTest {

    public static final String VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nWelcome to the course, everyone.\n\n"
            + "00:00:04.500 --> 00:00:07.000\n<v Ana>Let's begin.\n";

    @Test
    void uploadedCaptionsAreListedServedAndDeleted() {
        String course = TestData.newCourse();
        String video = TestData.uploadedReadyVideo(course, "captioned", false, null);

        given().contentType("text/vtt").body(VTT).when().put(captions(video) + "/pt-br")
                .then().statusCode(200)
                .body("language", equalTo("pt-BR"))
                .body("generated", equalTo(false))
                .body("status", equalTo("ready"))
                .body("label", containsStringIgnoringCase("portugu")); // Cloudflare's label, recorded as given
        given().when().get(captions(video)).then().statusCode(200)
                .body("language", contains("pt-BR")).body("[0].updated_at", startsWith("20"));
        String served = given().when().get(captions(video) + "/pt-BR/vtt")
                .then().statusCode(200).contentType(startsWith("text/vtt")).extract().asString();
        assertEquals(VTT, served);

        // a replacement is served at once (the cached file was invalidated)
        String replacement = VTT.replace("everyone", "all of you");
        given().contentType("text/vtt").body(replacement).when().put(captions(video) + "/pt-BR").then().statusCode(200);
        given().when().get(captions(video) + "/pt-BR/vtt").then().statusCode(200).body(equalTo(replacement));

        given().when().delete(captions(video) + "/pt-BR").then().statusCode(204);
        given().when().get(captions(video)).then().statusCode(200).body("$", empty());
        given().when().get(captions(video) + "/pt-BR/vtt").then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        given().when().delete(captions(video) + "/pt-BR").then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    }

    static Stream<Arguments> badUploads() {
        byte[] tooLarge = new byte[10 * 1024 * 1024 + 1];
        Arrays.fill(tooLarge, (byte) 'a');
        byte[] header = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(header, 0, tooLarge, 0, header.length);
        return Stream.of(
                Arguments.of("an unsupported language", "english", "text/vtt", VTT.getBytes(StandardCharsets.UTF_8), 400, "INVALID_INPUT"),
                Arguments.of("a private-use tag", "en-x-klingon", "text/vtt", VTT.getBytes(StandardCharsets.UTF_8), 400, "INVALID_INPUT"),
                Arguments.of("an empty body", "en", "text/vtt", new byte[0], 400, "INVALID_INPUT"),
                Arguments.of("SubRip, not WebVTT", "en", "text/vtt",
                        "1\n00:00:01,000 --> 00:00:04,000\nHello\n".getBytes(StandardCharsets.UTF_8), 400, "INVALID_INPUT"),
                Arguments.of("a body over 10 MB", "en", "text/vtt", tooLarge, 413, "PAYLOAD_TOO_LARGE"),
                Arguments.of("another media type", "en", "text/plain", VTT.getBytes(StandardCharsets.UTF_8), 415,
                        "UNSUPPORTED_MEDIA_TYPE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUploads")
    void aBadUploadIsRefusedAndRecordsNothing(String what, String language, String contentType, byte[] body, int status,
            String code) {
        String video = TestData.readyVideo(TestData.newCourse(), "bad-upload", Map.of());

        given().contentType(contentType).body(body).when().put(captions(video) + "/" + language)
                .then().statusCode(status).contentType("application/problem+json").body("code", equalTo(code));

        given().when().get(captions(video)).then().statusCode(200).body("$", empty());
    }

    /**
     * Past the HTTP layer's limit (11 MB) the body is refused before it is read: the answer comes
     * to the headers alone (spoken over a plain socket, so that the test sees exactly that).
     */
    @Test
    void aBodyOverTheHttpLimitIsRefusedUnread() throws Exception {
        String video = TestData.readyVideo(TestData.newCourse(), "huge-upload", Map.of());
        try (Socket socket = new Socket(URI.create(RestAssured.baseURI).getHost(), RestAssured.port)) {
            socket.setSoTimeout(20_000);
            String head = "PUT " + captions(video) + "/en HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + TestTokens.admin() + "\r\nContent-Type: text/vtt\r\n"
                    + "Content-Length: " + 12 * 1024 * 1024 + "\r\nExpect: 100-continue\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            String answer = new String(socket.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            assertThat(answer, startsWith("HTTP/1.1 413"));
            assertThat(answer, containsString("application/problem+json"));
            assertThat(answer, containsString("\"code\":\"PAYLOAD_TOO_LARGE\""));
        }
        given().when().get(captions(video)).then().statusCode(200).body("$", empty());
    }

    @Test
    void captionsOfAnUnknownVideoAreNotFound() {
        String unknown = "6b1f5c2e-0d3a-4f7e-9a41-2f0c8d5e7b19";
        given().contentType("text/vtt").body(VTT).when().put(captions(unknown) + "/en")
                .then().statusCode(404).body("code", equalTo("VIDEO_NOT_FOUND"));
        given().when().get(captions(unknown)).then().statusCode(404).body("code", equalTo("VIDEO_NOT_FOUND"));
        given().when().post(captions(unknown) + "/en/generate").then().statusCode(404).body("code", equalTo("VIDEO_NOT_FOUND"));
        given().when().get(captions("not-a-uuid")).then().statusCode(400).body("code", equalTo("INVALID_INPUT"));
    }

    @Test
    void generatedCaptionsBecomeReadyThroughSync() {
        String course = TestData.newCourse();
        String video = TestData.uploadedReadyVideo(course, "generated", false, null);

        given().when().post(captions(video) + "/en/generate").then().statusCode(202)
                .body("language", equalTo("en")).body("generated", equalTo(true)).body("status", equalTo("inprogress"));
        // asking again while Cloudflare works changes nothing
        given().when().post(captions(video) + "/en/generate").then().statusCode(202).body("status", equalTo("inprogress"));
        given().when().get(captions(video) + "/en/vtt").then().statusCode(404);

        CacheMetrics.awaitTrue("the generated captions become ready", Duration.ofSeconds(30), () -> {
            given().when().post("/api/videos/sync").then().statusCode(200);
            return "ready".equals(given().when().get(captions(video)).then().statusCode(200).extract().path("[0].status"));
        });
        given().when().get(captions(video)).then().body("[0].label", containsString("auto-generated"));
        given().when().get(captions(video) + "/en/vtt").then().statusCode(200).body(startsWith("WEBVTT"));
    }

    @Test
    void generatingNeedsAReadyVideoAndALanguageCloudflareGenerates() {
        String course = TestData.newCourse();
        String queued = TestData.newVideo(TestData.video(course, "still-queued"));
        given().when().post(captions(queued) + "/en/generate").then().statusCode(409).body("code", equalTo("VIDEO_NOT_READY"));

        String ready = TestData.readyVideo(course, "ready", Map.of());
        given().when().post(captions(ready) + "/zh/generate").then().statusCode(400)
                .body("code", equalTo("INVALID_INPUT")).body("detail", containsString("en"));
        given().when().get(captions(ready)).then().statusCode(200).body("$", empty());
    }

    @Test
    void learnersReadTheReadyCaptionsOfTheirCoursesOnly() {
        String course = TestData.newCourse();
        String video = TestData.uploadedReadyVideo(course, "for-learners", false, null);
        given().contentType("text/vtt").body(VTT).when().put(captions(video) + "/en").then().statusCode(200);
        given().when().post(captions(video) + "/de/generate").then().statusCode(202);

        // the German captions are still being generated: learners see the English ones only
        asLearner(course).when().get(captions(video)).then().statusCode(200).body("language", contains("en"));
        asLearner(course).when().get(captions(video) + "/en/vtt").then().statusCode(200).body(equalTo(VTT));
        asLearner(course).when().get(captions(video) + "/de/vtt").then().statusCode(404);
        // a video of a course the learner is not enrolled in does not exist for them
        asLearner(TestData.newCourse()).when().get(captions(video)).then().statusCode(404).body("code", equalTo("VIDEO_NOT_FOUND"));
        asLearner(TestData.newCourse()).when().get(captions(video) + "/en/vtt").then().statusCode(404)
                .body("code", equalTo("VIDEO_NOT_FOUND"));
        asLearner(course).contentType("text/vtt").body(VTT).when().put(captions(video) + "/fr")
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        asLearner(course).when().delete(captions(video) + "/en").then().statusCode(403);
        asLearner(course).when().post(captions(video) + "/fr/generate").then().statusCode(403);
        AsAdmin.anonymous().when().get(captions(video)).then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }

    public static String captions(String video) {
        return "/api/videos/" + video + "/captions";
    }
}
