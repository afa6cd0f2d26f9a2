package com.coursevideo.cloudflare;

import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;
import com.coursevideo.cache.CacheMetrics;
import com.coursevideo.dev.fake.StreamFake.Failure;
import com.coursevideo.dev.fake.StreamFake;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/**
 * What a tus upload asks of Cloudflare, and the fake's tus server: offsets, chunks Cloudflare's
 * way, a chunk cut off half-way, the last byte starting the processing.
 */
@QuarkusTest
class TusUploadCloudflareTest {

    private static final int MEBIBYTE = 1024 * 1024;
    private static final String CREATOR = "course-video-service/upload/";

    final StreamFake fake = CloudflareFake.fake();

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void resetFake() {
        fake.reset();
    }

    private static ExtractableResponse<Response> create(String course, long length, String metadata) {
        return given().header("Tus-Resumable", "1.0.0").header("Upload-Length", Long.toString(length))
                .header("Upload-Metadata", metadata)
                .when().post("/api/courses/" + course + "/videos/tus").then().extract();
    }

    private static String metadata(String lessonId, String title, String extra) {
        return "lesson_id " + base64(lessonId) + ",title " + base64(title) + extra;
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void asksCloudflareForAOneTimeTusUploadNamedAfterTheCourseAndLesson() throws Exception {
        String course = TestData.newCourse();
        var created = create(course, 300L * MEBIBYTE,
                metadata("module-2/lesson 4", "Long", ",max_duration_seconds " + base64("5400") + ",require_signed_urls"));
        assertEquals(201, created.statusCode(), created.body().asString());
        String uid = created.header("Stream-Media-Id");
        JsonObject video = fake.details(uid);
        assertEquals(course + "/module-2/lesson 4", video.getJsonObject("meta").getString("name"));
        assertEquals(5400, video.getInteger("maxDurationSeconds"));
        assertTrue(video.getBoolean("requireSignedURLs"));
        assertEquals("pendingupload", video.getJsonObject("status").getString("state"));
        Instant expiry = Instant.parse(video.getString("uploadExpiry"));
        assertTrue(expiry.isAfter(Instant.now().plusSeconds(29 * 60)) && expiry.isBefore(Instant.now().plusSeconds(31 * 60)));
        assertTrue(fake.creator(uid).startsWith(CREATOR), fake.creator(uid));
        // the upload URL expects the whole file, from its first byte
        HttpResponse<Void> head = tus("HEAD", created.header("Location"), null, null);
        assertEquals(200, head.statusCode());
        assertEquals(Long.toString(300L * MEBIBYTE), head.headers().firstValue("Upload-Length").orElseThrow());
        assertEquals("0", head.headers().firstValue("Upload-Offset").orElseThrow());
    }

    @Test
    void withoutAMaximumTheLongestVideoCloudflareTakesIsReserved() {
        var created = create(TestData.newCourse(), MEBIBYTE, metadata("l", "T", ""));
        assertEquals(21600, fake.details(created.header("Stream-Media-Id")).getInteger("maxDurationSeconds"));
        assertTrue(!fake.details(created.header("Stream-Media-Id")).getBoolean("requireSignedURLs"));
    }

    @Test
    void refusalsMakeNoUploadSlot() {
        String course = TestData.newCourse();
        TestData.newVideo(TestData.video(course, "taken"));
        assertEquals(409, create(course, MEBIBYTE, metadata("taken", "T", "")).statusCode());
        assertEquals(404, create(java.util.UUID.randomUUID().toString(), MEBIBYTE, metadata("l", "T", "")).statusCode());
        assertEquals(400, create(course, MEBIBYTE, "title " + base64("no lesson")).statusCode());
        assertEquals(0, fake.requests("tus_upload"));
    }

    @Test
    void cloudflareFailureRegistersNothing() {
        String course = TestData.newCourse();
        fake.failNext(1, Failure.SERVER_ERROR, "tus_upload");
        var failed = create(course, MEBIBYTE, metadata("nothing", "T", ""));
        assertEquals(502, failed.statusCode());
        assertEquals("CLOUDFLARE_ERROR", failed.path("code"));
        assertEquals(1, fake.requests("tus_upload"), "a non-idempotent call is not retried");
        given().when().get("/api/courses/" + course + "/videos?status=all").then().body("size()", equalTo(0));
    }

    @Test
    void theFakeTakesChunksAtTheirOffsetOnlyAndCloudflaresSizesOnly() throws Exception {
        String location = create(TestData.newCourse(), 12L * MEBIBYTE, metadata("chunks", "T", "")).header("Location");
        assertEquals(409, tus("PATCH", location, 1024L, new byte[5 * MEBIBYTE]).statusCode(), "not at the offset");
        assertEquals(400, tus("PATCH", location, 0L, new byte[MEBIBYTE]).statusCode(), "under 5 MiB and not the last");
        assertEquals(400, tus("PATCH", location, 0L, new byte[5 * MEBIBYTE + 1]).statusCode(), "not in 256 KiB units");
        HttpResponse<Void> first = tus("PATCH", location, 0L, new byte[5 * MEBIBYTE]);
        assertEquals(204, first.statusCode());
        assertEquals(Long.toString(5L * MEBIBYTE), first.headers().firstValue("Upload-Offset").orElseThrow());
        HttpResponse<Void> unversioned = http.send(HttpRequest.newBuilder(URI.create(location))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(412, unversioned.statusCode());
    }

    @Test
    void aChunkCutOffHalfWayKeepsWhatArrivedAndTheLastByteStartsProcessing() throws Exception {
        var created = create(TestData.newCourse(), 7L * MEBIBYTE, metadata("cut", "T", ""));
        String uid = created.header("Stream-Media-Id");
        String location = created.header("Location");
        // a chunk of 5 MiB whose connection dies after 2 MiB
        URI url = URI.create(location);
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PATCH " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\nHost: " + url.getAuthority()
                    + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream"
                    + "\r\nContent-Length: " + 5 * MEBIBYTE + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[2 * MEBIBYTE]);
            out.flush();
        }
        CacheMetrics.awaitTrue("the fake has the 2 MiB that came", Duration.ofSeconds(10),
                () -> offset(location) == 2L * MEBIBYTE);
        assertEquals("pendingupload", fake.details(uid).getJsonObject("status").getString("state"));
        // resumed where it broke off: the rest in one last chunk
        HttpResponse<Void> rest = tus("PATCH", location, 2L * MEBIBYTE, new byte[5 * MEBIBYTE]);
        assertEquals(204, rest.statusCode());
        assertEquals(Long.toString(7L * MEBIBYTE), rest.headers().firstValue("Upload-Offset").orElseThrow());
        String state = fake.details(uid).getJsonObject("status").getString("state");
        assertTrue(state.equals("queued") || state.equals("inprogress"), state);
    }

    private long offset(String location) {
        try {
            return Long.parseLong(tus("HEAD", location, null, null).headers().firstValue("Upload-Offset").orElseThrow());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<Void> tus(String method, String location, Long offset, byte[] chunk) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(location)).header("Tus-Resumable", "1.0.0")
                .method(method, chunk == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(chunk));
        if (offset != null) {
            request.header("Upload-Offset", Long.toString(offset)).header("Content-Type", "application/offset+octet-stream");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    }
}
