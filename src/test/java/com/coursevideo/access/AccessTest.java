package com.coursevideo.access;

import static com.coursevideo.AsAdmin.asLearner;
import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.coursevideo.AsAdmin;
import com.coursevideo.TestData;
import com.coursevideo.cache.CacheMetrics;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The contract's Access table, over HTTP only (so it runs against the jar and the native
 * executable too): every endpoint for an anonymous caller, a learner enrolled in the course, a
 * learner enrolled elsewhere and an admin; what learners see of videos; and the service's answer to
 * every kind of bad token. Tokens are real JWTs, verified by the service.
 */
@QuarkusTest
class AccessTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final java.util.regex.Pattern VIDEO_PATH = java.util.regex.Pattern.compile("/api/videos/[0-9a-f-]{36}");

    /** Who calls, in the order of the expected statuses of a {@link #matrix()} row. */
    enum Caller {
        ANONYMOUS, ENROLLED, NOT_ENROLLED, ADMIN
    }

    /** Made once: a course the learner is enrolled in ({@code A}), one they are not ({@code B}), and their videos. */
    static final class Catalogue {
        final String courseA = TestData.newCourse();
        final String courseB = TestData.newCourse();
        final String open = TestData.uploadedReadyVideo(courseA, "open", false, null);
        final String signedUntil = Instant.now().plus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        final String signed = TestData.uploadedReadyVideo(courseA, "signed", true, signedUntil);
        final String queued = TestData.newVideo(TestData.video(courseA, "queued"));
        final String notYet = TestData.readyVideo(courseA, "not-yet", Map.of("available_from", Instant.now().plus(1, ChronoUnit.DAYS).toString()));
        final String closed = TestData.readyVideo(courseA, "closed", Map.of("available_until", Instant.now().minusSeconds(60).toString()));
        final String other = TestData.uploadedReadyVideo(courseB, "other", false, null);
    }

    private static Catalogue catalogue;

    static synchronized Catalogue catalogue() {
        if (catalogue == null) {
            catalogue = new Catalogue();
        }
        return catalogue;
    }

    // --- the role x endpoint matrix ---

    static Stream<Arguments> matrix() {
        return Stream.of(
                row("POST", "/api/courses", "{\"title\":\"New\"}", 401, 403, 403, 201),
                row("GET", "/api/courses/{A}", null, 401, 200, 403, 200),
                row("DELETE", "/api/courses/{new course}", null, 401, 403, 403, 204),
                row("POST", "/api/videos", "{new video body}", 401, 403, 403, 201),
                row("GET", "/api/videos/{open}", null, 401, 200, 404, 200),
                row("GET", "/api/courses/{A}/videos", null, 401, 200, 403, 200),
                row("GET", "/api/courses/{A}/videos?status=ready", null, 401, 200, 403, 200),
                row("GET", "/api/courses/{A}/videos?status=all", null, 401, 403, 403, 200),
                row("GET", "/api/courses/{A}/lessons/open/video", null, 401, 200, 403, 200),
                row("PATCH", "/api/videos/{new video}", "{\"title\":\"Renamed\"}", 401, 403, 403, 200),
                row("DELETE", "/api/videos/{new video}", null, 401, 403, 403, 204),
                row("GET", "/api/videos/{open}/playback", null, 401, 200, 404, 200),
                row("POST", "/api/videos/{new video}/sync", null, 401, 403, 403, 200),
                row("POST", "/api/videos/sync", null, 401, 403, 403, 200),
                row("POST", "/api/courses/{A}/videos/uploads", "{upload body}", 401, 403, 403, 201),
                row("GET", "/api/courses/{A}/videos/stats", null, 401, 403, 403, 200),
                // the webhook is authenticated by its signature alone: a token changes nothing
                row("POST", "/api/webhooks/cloudflare", "{\"uid\":\"x\"}", 401, 401, 401, 401));
    }

    private static Arguments row(String method, String path, String body, int... statuses) {
        return Arguments.of(method, path, body, statuses);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("matrix")
    void everyEndpointAnswersEachRoleAsTheContractSays(String method, String path, String body, int[] statuses) {
        Catalogue data = catalogue();
        for (Caller caller : Caller.values()) {
            String target = resolve(path, data);
            RequestSpecification request = as(caller, data);
            if (body != null) {
                request.contentType(ContentType.JSON).body(resolve(body, data));
            }
            Response response = request.when().request(method, target);
            int expected = statuses[caller.ordinal()];
            assertEquals(expected, response.statusCode(), caller + " " + method + " " + target + ": " + response.asString());
            String code = switch (expected) {
                case 401 -> path.startsWith("/api/webhooks") ? "INVALID_SIGNATURE" : "UNAUTHENTICATED";
                case 403 -> "FORBIDDEN";
                case 404 -> "VIDEO_NOT_FOUND";
                default -> null;
            };
            if (code != null) {
                response.then().contentType("application/problem+json").body("code", equalTo(code));
            }
            if (expected == 401 && code.equals("UNAUTHENTICATED")) {
                response.then().header("WWW-Authenticate", "Bearer");
            }
            java.util.regex.Matcher video = VIDEO_PATH.matcher(target);
            if (expected >= 400 && video.lookingAt() && !"GET".equals(method)) {
                // a refused write leaves the video as it was
                given().when().get(video.group()).then().statusCode(200).body("title", not(equalTo("Renamed")));
            }
        }
    }

    // --- what learners see ---

    @Test
    void learnersListOnlyReadyVideosInsideTheirReleaseWindow() {
        Catalogue data = catalogue();
        asLearner(data.courseA).when().get("/api/courses/" + data.courseA + "/videos")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("id", containsInAnyOrder(data.open, data.signed));
        given().when().get("/api/courses/" + data.courseA + "/videos?status=all")
                .then().statusCode(200)
                .body("id", containsInAnyOrder(data.open, data.signed, data.queued, data.notYet, data.closed));
    }

    @Test
    void videosLearnersMayNotSeeDoNotExistForThem() {
        Catalogue data = catalogue();
        for (String hidden : new String[] { data.queued, data.notYet, data.closed, data.other }) {
            asLearner(data.courseA).when().get("/api/videos/" + hidden)
                    .then().statusCode(404).body("code", equalTo("VIDEO_NOT_FOUND"));
            asLearner(data.courseA).when().get("/api/videos/" + hidden + "/playback")
                    .then().statusCode(404).body("code", equalTo("VIDEO_NOT_FOUND"));
            given().when().get("/api/videos/" + hidden).then().statusCode(200);
        }
        for (String lesson : new String[] { "queued", "not-yet", "closed" }) {
            asLearner(data.courseA).when().get("/api/courses/" + data.courseA + "/lessons/" + lesson + "/video")
                    .then().statusCode(404).body("code", equalTo("VIDEO_NOT_FOUND"));
        }
    }

    @Test
    void learnersNeverReceiveTheBareUidOfASignedVideo() {
        Catalogue data = catalogue();
        JsonPath asAdmin = given().when().get("/api/videos/" + data.signed).then().statusCode(200).extract().jsonPath();
        String uid = asAdmin.getString("cloudflare_video_id");
        assertEquals(32, uid.length());

        for (String path : new String[] { "/api/videos/" + data.signed,
                "/api/courses/" + data.courseA + "/lessons/signed/video" }) {
            String body = asLearner(data.courseA).when().get(path).then().statusCode(200)
                    .body("id", equalTo(data.signed))
                    .body("cloudflare_video_id", nullValue())
                    .body("playback_hls_url", nullValue())
                    .body("playback_dash_url", nullValue())
                    .body("thumbnail_url", nullValue())
                    .body("require_signed_urls", equalTo(true))
                    .extract().asString();
            assertFalse(body.contains(uid), path + " carries the uid: " + body);
        }
        String list = asLearner(data.courseA).when().get("/api/courses/" + data.courseA + "/videos")
                .then().statusCode(200).extract().asString();
        assertFalse(list.contains(uid), "the list carries the uid: " + list);

        String playback = asLearner(data.courseA).when().get("/api/videos/" + data.signed + "/playback")
                .then().statusCode(200)
                .body("is_ready", equalTo(true))
                .body("cloudflare_video_id", nullValue())
                .body("playback_urls.hls", notNullValue())
                .body("thumbnail_url_generated", notNullValue())
                .extract().asString();
        assertFalse(playback.contains(uid), "playback carries the uid: " + playback);

        // an unsigned video keeps its uid: it plays by it
        asLearner(data.courseA).when().get("/api/videos/" + data.open).then().statusCode(200)
                .body("cloudflare_video_id", notNullValue());
    }

    @Test
    void signedTokensNeverOutliveTheReleaseWindow() {
        Catalogue data = catalogue();
        String hls = given().when().get("/api/videos/" + data.signed + "/playback").then().statusCode(200)
                .extract().path("playback_urls.hls");
        String token = hls.substring(0, hls.lastIndexOf("/manifest/"));
        token = token.substring(token.lastIndexOf('/') + 1);
        JsonPath claims = JsonPath.from(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                StandardCharsets.UTF_8));
        // the TTL (1 h) would go past available_until (30 min from the fixture's making)
        assertEquals(Instant.parse(data.signedUntil).getEpochSecond(), claims.getLong("exp"));
    }

    @Test
    void aVideoAppearsAndDisappearsForLearnersAtItsWindowsEdges() {
        Catalogue data = catalogue();
        Instant from = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        Instant until = from.plusSeconds(3);
        String video = TestData.readyVideo(data.courseA, "window-" + from.toEpochMilli(),
                Map.of("available_from", from.toString(), "available_until", until.toString()));
        // cached before it opens, for both reads and the list
        asLearner(data.courseA).when().get("/api/videos/" + video).then().statusCode(404);
        given().when().get("/api/videos/" + video).then().statusCode(200);
        CacheMetrics.awaitTrue("visible from available_from", PATIENCE,
                () -> asLearner(data.courseA).when().get("/api/videos/" + video).statusCode() == 200);
        assertFalse(Instant.now().isBefore(from), "not visible before available_from");
        CacheMetrics.awaitTrue("gone at available_until, with its cache entry still there", PATIENCE,
                () -> asLearner(data.courseA).when().get("/api/videos/" + video).statusCode() == 404);
        assertFalse(Instant.now().isBefore(until), "not gone before available_until");
        asLearner(data.courseA).when().get("/api/courses/" + data.courseA + "/videos").then().statusCode(200)
                .body("id", not(org.hamcrest.Matchers.hasItem(video)));
    }

    @Test
    void aLearnersRefusedWriteIsRefusedBeforeItsBodyIsRead() {
        asLearner(catalogue().courseA).contentType(ContentType.JSON).body("{not json")
                .when().post("/api/videos").then().statusCode(403).body("code", equalTo("FORBIDDEN"));
    }

    @Test
    void aTokenWithoutCoursesIsEnrolledNowhere() {
        asLearner().when().get("/api/courses/" + catalogue().courseA).then().statusCode(403);
        asLearner().when().get("/api/videos/" + catalogue().open).then().statusCode(404);
    }

    // --- bad tokens ---

    static Stream<Arguments> badTokens() {
        Instant now = Instant.now();
        String claims = "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + TestTokens.AUDIENCE
                + "\",\"sub\":\"mallory\",\"groups\":[\"video-admin\"]";
        long later = now.plusSeconds(3600).getEpochSecond();
        return Stream.of(
                Arguments.of("garbage", "not-a-jwt"),
                Arguments.of("expired", TestTokens.sign(TestTokens.claims().groups(Viewer.ADMIN)
                        .issuedAt(now.minusSeconds(3600)).expiresAt(now.minusSeconds(120)))),
                Arguments.of("not yet valid", TestTokens.sign(TestTokens.claims().groups(Viewer.ADMIN)
                        .claim("nbf", now.plusSeconds(120).getEpochSecond()))),
                Arguments.of("other issuer", TestTokens.sign(TestTokens.claims().groups(Viewer.ADMIN)
                        .issuer("https://elsewhere.test"))),
                Arguments.of("other audience", TestTokens.sign(TestTokens.claims().groups(Viewer.ADMIN)
                        .audience("another-service"))),
                Arguments.of("wrong key", TestTokens.claims().groups(Viewer.ADMIN)
                        .sign(TestTokens.newKeyPair().getPrivate())),
                Arguments.of("alg none", TestTokens.raw("{\"alg\":\"none\",\"typ\":\"JWT\"}",
                        claims + ",\"exp\":" + later + "}", input -> new byte[0])),
                Arguments.of("HS256 keyed with the public key", TestTokens.raw("{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
                        claims + ",\"exp\":" + later + "}", input -> {
                            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                            mac.init(new javax.crypto.spec.SecretKeySpec(
                                    TestTokens.publicKeyPem().getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
                            return mac.doFinal(input);
                        })),
                Arguments.of("missing exp", TestTokens.raw("{\"alg\":\"RS256\",\"typ\":\"JWT\"}",
                        claims + ",\"iat\":" + now.getEpochSecond() + "}", TestTokens::rs256)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void aBadTokenIsUnauthenticatedAndChangesNothing(String kind, String token) {
        String video = TestData.readyVideo(catalogue().courseA, "bad-token-" + System.nanoTime(), Map.of());
        AsAdmin.withToken(token).when().delete("/api/videos/" + video)
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("code", equalTo("UNAUTHENTICATED"));
        AsAdmin.withToken(token).when().get("/api/videos/" + video).then().statusCode(401);
        given().when().get("/api/videos/" + video).then().statusCode(200);
    }

    @Test
    void aCallWithoutATokenIsUnauthenticated() {
        AsAdmin.anonymous().when().get("/api/videos/" + catalogue().open)
                .then().statusCode(401).header("WWW-Authenticate", "Bearer")
                .contentType("application/problem+json").body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void aTokenExpiredWithinTheClockSkewIsStillAccepted() {
        Instant now = Instant.now();
        String token = TestTokens.sign(TestTokens.claims().groups(Viewer.ADMIN)
                .issuedAt(now.minusSeconds(600)).expiresAt(now.minusSeconds(20)));
        AsAdmin.withToken(token).when().get("/api/videos/" + catalogue().open).then().statusCode(200);
    }

    // --- fixture helpers ---

    private static RequestSpecification as(Caller caller, Catalogue data) {
        return switch (caller) {
            case ANONYMOUS -> AsAdmin.anonymous();
            case ENROLLED -> asLearner(data.courseA);
            case NOT_ENROLLED -> asLearner(data.courseB);
            case ADMIN -> given();
        };
    }

    private static String resolve(String template, Catalogue data) {
        String resolved = template.replace("{A}", data.courseA).replace("{open}", data.open);
        if (resolved.contains("{new course}")) {
            resolved = resolved.replace("{new course}", TestData.newCourse());
        }
        if (resolved.contains("{new video}")) {
            resolved = resolved.replace("{new video}", TestData.readyVideo(data.courseA, "new-" + System.nanoTime(), Map.of()));
        }
        if (resolved.equals("{new video body}")) {
            resolved = toJson(TestData.video(data.courseA, "created-" + System.nanoTime()));
        }
        if (resolved.equals("{upload body}")) {
            resolved = "{\"lesson_id\":\"upload-" + System.nanoTime() + "\",\"title\":\"Up\",\"max_duration_seconds\":60}";
        }
        return resolved;
    }

    private static String toJson(Map<String, Object> body) {
        StringBuilder json = new StringBuilder("{");
        body.forEach((key, value) -> json.append(json.length() > 1 ? "," : "").append('"').append(key).append("\":\"")
                .append(value).append('"'));
        return json.append('}').toString();
    }
}
