package com.coursevideo.cloudflare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.coursevideo.dev.fake.StreamFake.Failure;
import com.coursevideo.dev.fake.StreamFake;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;

/** The fake answers as Cloudflare's official OpenAPI (src/test/resources/contract/stream-openapi-subset.json) says. */
@QuarkusTest
class StreamFakeContractTest {

    private static final Path SPEC = Path.of("src", "test", "resources", "contract", "stream-openapi-subset.json");

    private static final String MULTIPART_BOUNDARY = "caption-boundary-7MA4YWxkTrZu0gW";

    static OpenApiInteractionValidator validator;

    final StreamFake fake = CloudflareFake.fake();

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void loadSpec() throws Exception {
        assertTrue(Files.isReadable(SPEC), "Cloudflare's OpenAPI subset is expected at " + SPEC.toAbsolutePath());
        ObjectNode spec = (ObjectNode) new ObjectMapper().readTree(SPEC.toFile());
        // Cloudflare's spec gives the direct-upload request's expiry the default "Now + 30 minutes",
        // which is not a date-time, and the validator refuses to load a spec with such a defect.
        // It concerns a request field, not any response checked here.
        ObjectNode expiry = (ObjectNode) spec.path("components").path("schemas").path("stream_direct_upload_request")
                .path("properties").path("expiry");
        assertEquals("Now + 30 minutes", expiry.path("default").asText(), "the known defect is still there");
        expiry.remove("default");
        validator = OpenApiInteractionValidator.createForInlineApiSpecification(spec.toString())
                .withBasePathOverride("/client/v4")
                // the validator's own FAQ: with allOf (Cloudflare's envelope is allOf common + result)
                // its additionalProperties check rejects every property; the spec sets no such limit
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.schema.additionalProperties", ValidationReport.Level.IGNORE)
                        .build())
                .build();
    }

    @BeforeEach
    void resetFake() {
        fake.reset();
    }

    @Test
    void videoDetailsInEveryStateMatchTheSpec() throws Exception {
        for (String state : new String[] { "pendingupload", "downloading", "queued", "inprogress", "ready", "error" }) {
            String uid = fake.addVideo(state);
            assertValid(Request.Method.GET, "/stream/" + uid, null, 200);
        }
    }

    @Test
    void videoMovingThroughStatesOverTimeMatchesTheSpec() throws Exception {
        String uid = fake.addVideo("queued");
        fake.upload(uid); // now driven by the clock: queued, inprogress with a pctComplete, ready
        String body = call("GET", "/stream/" + uid, null).body();
        assertTrue(body.contains("\"state\":\"queued\"") || body.contains("\"state\":\"inprogress\""), body);
        assertValid(Request.Method.GET, "/stream/" + uid, null, 200);
    }

    @Test
    void listMatchesTheSpec() throws Exception {
        fake.addVideo("ready");
        fake.addVideo("inprogress");
        assertValid(Request.Method.GET, "/stream", null, 200);
    }

    @Test
    void unknownUidIsA4xxFailureEnvelope() throws Exception {
        assertValid(Request.Method.GET, "/stream/0123456789abcdef0123456789abcdef", null, 404);
        assertValid(Request.Method.DELETE, "/stream/0123456789abcdef0123456789abcdef", "", 404);
    }

    @Test
    void deleteMatchesTheSpec() throws Exception {
        String uid = fake.addVideo("ready");
        assertValid(Request.Method.DELETE, "/stream/" + uid, "", 200);
        assertFalse(fake.has(uid));
    }

    @Test
    void updateMatchesTheSpec() throws Exception {
        String uid = fake.addVideo("ready");
        assertValid(Request.Method.POST, "/stream/" + uid, "{\"uid\":\"" + uid + "\",\"requireSignedURLs\":true}", 200);
        assertTrue(fake.requiresSignedUrls(uid));
        assertValid(Request.Method.POST, "/stream/0123456789abcdef0123456789abcdef", "{\"requireSignedURLs\":true}", 404);
    }

    @Test
    void settingsOfEmbeddingAndThumbnailsMatchTheSpec() throws Exception {
        String uid = fake.addVideo("ready");
        assertValid(Request.Method.POST, "/stream/" + uid, "{\"uid\":\"" + uid + "\",\"requireSignedURLs\":false,"
                + "\"thumbnailTimestampPct\":0.5,\"allowedOrigins\":[\"example.com\",\"*.example.com\"]}", 200);
        assertEquals(0.5, fake.thumbnailTimestampPct(uid));
        assertEquals(java.util.List.of("example.com", "*.example.com"), fake.allowedOrigins(uid));
        String video = call("GET", "/stream/" + uid, null).body();
        assertTrue(video.contains("\"allowedOrigins\":[\"example.com\",\"*.example.com\"]"), video);
        assertValid(Request.Method.POST, "/stream/" + uid, "{\"thumbnailTimestampPct\":1.5}", 400);
    }

    @Test
    void downloadsMatchTheSpec() throws Exception {
        String uid = fake.addVideo("ready");
        assertValid(Request.Method.POST, "/stream/" + uid + "/downloads", "{}", 200);
        assertTrue(fake.hasDownload(uid));
        String downloads = call("GET", "/stream/" + uid + "/downloads", null).body();
        assertTrue(downloads.contains("\"default\":{\"status\":\""), downloads);
        assertValid(Request.Method.GET, "/stream/" + uid + "/downloads", null, 200);
        // stream_deleted_response: a result that is a string ("ok", the spec's example), which the
        // validator cannot judge (it reads the envelope's anyOf [object, string] as object only): by hand
        for (String path : List.of("/downloads", "/downloads/default")) {
            HttpResponse<String> deleted = send("DELETE", "/stream/" + uid + path, "", "application/json");
            assertEquals(200, deleted.statusCode(), deleted.body());
            JsonNode answer = new ObjectMapper().readTree(deleted.body());
            assertEquals(true, answer.path("success").asBoolean());
            assertTrue(answer.path("errors").isArray() && answer.path("messages").isArray(), deleted.body());
            assertEquals("ok", answer.path("result").asText());
            assertFalse(fake.hasDownload(uid));
            assertValid(Request.Method.POST, "/stream/" + uid + "/downloads", "{}", 200);
        }
        // Cloudflare makes downloads of videos ready to view only
        assertValid(Request.Method.POST, "/stream/" + fake.addVideo("inprogress") + "/downloads", "{}", 400);
        assertValid(Request.Method.GET, "/stream/0123456789abcdef0123456789abcdef/downloads", null, 404);
    }

    @Test
    void listPagesByCreationTimeMatchTheSpec() throws Exception {
        java.time.Instant first = java.time.Instant.parse("2026-05-01T00:00:00Z");
        for (int i = 0; i < 5; i++) {
            fake.addVideo("ready", first.plusSeconds(i), java.util.Map.of("name", "v" + i));
        }
        HttpResponse<String> page = call("GET", "/stream?asc=true&limit=2&after=" + first, null);
        assertEquals(200, page.statusCode());
        assertNoErrors(validator.validateResponse("/client/v4/accounts/" + StreamFake.ACCOUNT + "/stream", Request.Method.GET,
                response(page)));
        JsonNode body = new ObjectMapper().readTree(page.body());
        assertEquals(List.of("v1", "v2"),
                List.of(body.at("/result/0/meta/name").asText(), body.at("/result/1/meta/name").asText()));
        assertEquals(2, body.path("range").asInt(), "two more after this page");
        assertEquals(4, body.path("total").asInt());
        HttpResponse<String> newestFirst = call("GET", "/stream?before=" + first.plusSeconds(4) + "&limit=1", null);
        assertEquals("v3", new ObjectMapper().readTree(newestFirst.body()).at("/result/0/meta/name").asText());
        assertEquals(400, call("GET", "/stream?limit=1001", null).statusCode());
    }

    @Test
    void storageUsageMatchesTheSpec() throws Exception {
        fake.addVideos(3, "ready");
        assertValid(Request.Method.GET, "/stream/storage-usage", null, 200);
    }

    @Test
    void directUploadMatchesTheSpec() throws Exception {
        assertValid(Request.Method.POST, "/stream/direct_upload",
                "{\"maxDurationSeconds\":3600,\"requireSignedURLs\":true,\"meta\":{\"name\":\"x\"}}", 200);
        assertValid(Request.Method.POST, "/stream/direct_upload", "{\"maxDurationSeconds\":0}", 400);
    }

    @Test
    void captionsMatchTheSpec() throws Exception {
        String uid = fake.addVideo("ready");
        String vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello\n";
        assertUploadValid("/stream/" + uid + "/captions/en", vtt, 200);
        assertUploadValid("/stream/" + uid + "/captions/fr", "not captions", 400);
        assertValid(Request.Method.POST, "/stream/" + uid + "/captions/de/generate", null, 200);
        assertValid(Request.Method.GET, "/stream/" + uid + "/captions", null, 200);
        assertValid(Request.Method.GET, "/stream/" + uid + "/captions/en/vtt", null, 200);
        assertEquals(vtt, call("GET", "/stream/" + uid + "/captions/en/vtt", null).body());
        assertValid(Request.Method.DELETE, "/stream/" + uid + "/captions/en", "", 200);
        assertValid(Request.Method.DELETE, "/stream/" + uid + "/captions/en", "", 404);
        assertEquals(java.util.Set.of("de"), fake.captionLanguages(uid));

        String processing = fake.addVideo("inprogress");
        assertValid(Request.Method.POST, "/stream/" + processing + "/captions/en/generate", null, 400);
    }

    @Test
    void rateLimitAndAuthFailuresAre4xxFailureEnvelopes() throws Exception {
        String uid = fake.addVideo("ready");
        fake.failNext(1, Failure.RATE_LIMITED);
        HttpResponse<String> limited = call("GET", "/stream/" + uid, null);
        assertEquals(429, limited.statusCode());
        assertTrue(limited.headers().firstValue("Retry-After").isPresent());
        assertNoErrors(validator.validateResponse("/client/v4/accounts/" + StreamFake.ACCOUNT + "/stream/" + uid,
                Request.Method.GET, response(limited)));

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(url("/stream/" + uid))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        assertNoErrors(validator.validateResponse("/client/v4/accounts/" + StreamFake.ACCOUNT + "/stream/" + uid,
                Request.Method.GET, response(anonymous)));
    }

    private void assertValid(Request.Method method, String path, String body, int status) throws Exception {
        assertValid(method, path, body, "application/json", status);
    }

    private void assertUploadValid(String path, String file, int status) throws Exception {
        assertValid(Request.Method.PUT, path, multipart(file), "multipart/form-data; boundary=" + MULTIPART_BOUNDARY, status);
    }

    private void assertValid(Request.Method method, String path, String body, String contentType, int status) throws Exception {
        HttpResponse<String> answer = send(method.name(), path, body, contentType);
        assertEquals(status, answer.statusCode(), answer.body());
        assertNoErrors(validator.validateResponse("/client/v4/accounts/" + StreamFake.ACCOUNT + path, method,
                response(answer)));
    }

    private static void assertNoErrors(ValidationReport report) {
        assertFalse(report.hasErrors(), report.toString());
    }

    private static SimpleResponse response(HttpResponse<String> answer) {
        return SimpleResponse.Builder.status(answer.statusCode())
                .withContentType(answer.headers().firstValue("Content-Type").orElse("application/json"))
                .withBody(answer.body())
                .build();
    }

    /** A multipart/form-data body with the one part Cloudflare's caption upload takes, {@code file}. */
    private static String multipart(String file) {
        return "--" + MULTIPART_BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"captions.vtt\"\r\n"
                + "Content-Type: text/vtt\r\n\r\n" + file + "\r\n--" + MULTIPART_BOUNDARY + "--\r\n";
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return send(method, path, body, "application/json");
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", "Bearer " + fake.token())
                .header("Content-Type", contentType)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String url(String path) {
        return fake.baseUrl() + "/accounts/" + StreamFake.ACCOUNT + path;
    }
}
