package com.coursevideo.cache;

import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;
import com.coursevideo.access.TestTokens;
import com.coursevideo.video.VideoCache;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The contract's caching guarantees, against the local Redis (and, in a subclass, a Redis Cluster). */
@QuarkusTest
public class CacheTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Inject
    MeterRegistry registry;

    @Inject
    PausableCacheHooks hooks;

    @Inject
    RedisDataSource redis;

    @Inject
    CacheConfig config;

    CacheMetrics metrics;

    @BeforeEach
    void cacheIsServing() {
        metrics = new CacheMetrics(registry);
        // the epoch is read shortly after start-up; until then reads bypass the cache
        String video = TestData.newVideo(TestData.video(TestData.newCourse(), "warm-up"));
        CacheMetrics.awaitTrue("a cache hit", PATIENCE, () -> {
            double hits = metrics.count("video.cache.hits");
            given().when().get("/api/videos/" + video).then().statusCode(200);
            return metrics.count("video.cache.hits") > hits;
        });
    }

    @Test
    void secondReadOfEachFamilyIsAHit() {
        String course = TestData.newCourse();
        String video = TestData.newVideo(withStatus(TestData.video(course, "m1/l1"), "ready"));
        for (String path : List.of("/api/videos/" + video, "/api/courses/" + course + "/lessons/m1%2Fl1/video",
                "/api/courses/" + course + "/videos")) {
            given().urlEncodingEnabled(false).when().get(path).then().statusCode(200);
            double hits = metrics.count("video.cache.hits");
            given().urlEncodingEnabled(false).when().get(path).then().statusCode(200);
            assertEquals(hits + 1, metrics.count("video.cache.hits"), path);
        }
    }

    @Test
    void readsAreFreshAfterEveryWrite() {
        String course = TestData.newCourse();
        String video = TestData.newVideo(withStatus(TestData.video(course, "a"), "queued"));
        String videoPath = "/api/videos/" + video;
        String all = "/api/courses/" + course + "/videos?status=all";
        String ready = "/api/courses/" + course + "/videos";
        warm(videoPath, all, ready, lesson(course, "a"));

        // create: the lists gain it
        String second = TestData.newVideo(withStatus(TestData.video(course, "b"), "ready"));
        given().when().get(all).then().body("id", contains(video, second));
        given().when().get(ready).then().body("id", contains(second));
        warm(videoPath, all, ready, lesson(course, "a"), lesson(course, "b"));

        // update: by id, by old and new lesson, lists of old and new status
        patch(video, Map.of("lesson_id", "c", "status", "ready", "title", "renamed"));
        given().when().get(videoPath).then().body("title", equalTo("renamed")).body("lesson_id", equalTo("c"));
        given().when().get(lesson(course, "a")).then().statusCode(404);
        given().when().get(lesson(course, "c")).then().statusCode(200).body("title", equalTo("renamed"));
        given().when().get(ready).then().body("id", contains(second, video));
        given().when().get(all).then().body("title", contains("Lesson b", "renamed"));
        given().queryParam("status", "queued").when().get("/api/courses/" + course + "/videos")
                .then().body("id", org.hamcrest.Matchers.empty());
        warm(videoPath, all, ready, lesson(course, "c"));

        // delete
        given().when().delete(videoPath).then().statusCode(204);
        given().when().get(videoPath).then().statusCode(404);
        given().when().get(lesson(course, "c")).then().statusCode(404);
        given().when().get(all).then().body("id", contains(second));
        warm("/api/videos/" + second, all, lesson(course, "b"));

        // course delete
        given().when().delete("/api/courses/" + course).then().statusCode(204);
        given().when().get("/api/videos/" + second).then().statusCode(404);
        given().when().get(lesson(course, "b")).then().statusCode(404);
        given().when().get(all).then().body("id", org.hamcrest.Matchers.empty());
    }

    @Test
    void writeInvalidatesOnlyWhatItAffects() {
        String course = TestData.newCourse();
        String changed = TestData.newVideo(TestData.video(course, "changed"));
        String untouched = TestData.newVideo(TestData.video(course, "untouched"));
        warm("/api/videos/" + untouched, lesson(course, "untouched"),
                "/api/courses/" + course + "/videos?status=error");

        patch(changed, Map.of("title", "new"));

        for (String path : List.of("/api/videos/" + untouched, lesson(course, "untouched"),
                "/api/courses/" + course + "/videos?status=error")) {
            double hits = metrics.count("video.cache.hits");
            given().when().get(path).then().statusCode(200);
            assertEquals(hits + 1, metrics.count("video.cache.hits"), path + " should still be cached");
        }
    }

    @Test
    void fillThatLoadedTheOldRowCannotOverwriteAWriteById() throws Exception {
        String video = TestData.newVideo(TestData.video(TestData.newCourse(), "race"));
        assertNoStaleFill("{video:" + video + "}", "/api/videos/" + video, video, response -> response.path("title"));
    }

    @Test
    void fillThatLoadedTheOldRowCannotOverwriteAWriteByLesson() throws Exception {
        String course = TestData.newCourse();
        String video = TestData.newVideo(TestData.video(course, "race"));
        assertNoStaleFill("{course:" + course + "}:lesson:" + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("race".getBytes(java.nio.charset.StandardCharsets.UTF_8)), lesson(course, "race"), video,
                response -> response.path("title"));
    }

    /**
     * A learner's pages of a course are cut from the cached list decoded once while its entry
     * lasts (issue 23: every page decoded the whole list); a write makes a new entry, decoded anew.
     */
    @Test
    void aCoursesListIsDecodedOnceForAllOfALearnersPages() {
        String course = TestData.newCourse();
        for (int lesson = 1; lesson <= 6; lesson++) {
            TestData.readyVideo(course, "lesson " + lesson, Map.of());
        }
        String token = TestTokens.learner(course);
        String firstPage = "/api/courses/" + course + "/videos?limit=2";
        RestAssured.given().auth().oauth2(token).when().get(firstPage).then().statusCode(200); // fills the list's entry
        double decodes = metrics.count("video.cache.decodes", "family", "list");
        double hits = metrics.count("video.cache.hits", "family", "list");
        assertEquals(6, learnersPages(token, firstPage).size());
        assertEquals(hits + 3, metrics.count("video.cache.hits", "family", "list"), "three pages from the cache; " + metrics.dump());
        assertEquals(decodes + 1, metrics.count("video.cache.decodes", "family", "list"),
                "the list decoded once for three pages; " + metrics.dump());

        TestData.readyVideo(course, "lesson 7", Map.of());
        List<String> lessons = learnersPages(token, firstPage); // a miss (filled again), then hits
        assertEquals(List.of("lesson 1", "lesson 2", "lesson 3", "lesson 4", "lesson 5", "lesson 6", "lesson 7"), lessons);
        assertEquals(decodes + 2, metrics.count("video.cache.decodes", "family", "list"),
                "the new entry decoded once more; " + metrics.dump());
    }

    /** The lessons of every page from {@code path} on, following the Link to the next. */
    private static List<String> learnersPages(String token, String path) {
        List<String> lessons = new ArrayList<>();
        for (String next = path; next != null;) {
            Response page = RestAssured.given().auth().oauth2(token).when().get(next).then().statusCode(200).extract().response();
            lessons.addAll(page.path("lesson_id"));
            String link = page.header("Link");
            next = link == null ? null : URI.create(link.substring(link.indexOf('<') + 1, link.indexOf('>'))).getRawPath()
                    + "?" + URI.create(link.substring(link.indexOf('<') + 1, link.indexOf('>'))).getRawQuery();
        }
        return lessons;
    }

    /**
     * A lesson id ending in ":gen" once made a value key equal to another lesson's generation key:
     * filling one lesson's entry overwrote the other's generation, and its next read missed.
     */
    @Test
    void lessonIdsCannotMakeKeysThatCollide() {
        String course = TestData.newCourse();
        String plain = TestData.newVideo(TestData.video(course, "x"));
        String tricky = TestData.newVideo(TestData.video(course, "x:gen"));
        double hits = metrics.count("video.cache.hits", "family", "lesson");
        given().when().get(lesson(course, "x")).then().statusCode(200).body("id", org.hamcrest.Matchers.equalTo(plain));
        given().when().get(lesson(course, "x")).then().statusCode(200).body("id", org.hamcrest.Matchers.equalTo(plain));
        given().when().get(lesson(course, "x:gen")).then().statusCode(200).body("id", org.hamcrest.Matchers.equalTo(tricky));
        given().when().get(lesson(course, "x:gen")).then().statusCode(200).body("id", org.hamcrest.Matchers.equalTo(tricky));
        given().when().get(lesson(course, "x")).then().statusCode(200).body("id", org.hamcrest.Matchers.equalTo(plain));
        assertEquals(hits + 3, metrics.count("video.cache.hits", "family", "lesson"),
                "second reads of both, and x again after x:gen was filled, are hits; " + metrics.dump());

        patch(tricky, Map.of("title", "renamed"));
        given().when().get(lesson(course, "x")).then().body("title", org.hamcrest.Matchers.equalTo("Lesson x"));
        given().when().get(lesson(course, "x:gen")).then().body("title", org.hamcrest.Matchers.equalTo("renamed"));
    }

    @Test
    void fillThatLoadedTheOldRowCannotOverwriteAWriteInAList() throws Exception {
        String course = TestData.newCourse();
        String video = TestData.newVideo(TestData.video(course, "race"));
        assertNoStaleFill("{course:" + course + "}:list:all", "/api/courses/" + course + "/videos?status=all", video,
                response -> response.path("[0].title"));
    }

    /**
     * Forces the interleaving: a reader misses and loads the row; before it fills Redis, a write
     * commits and invalidates; then the reader fills. A read after the write must see the write.
     */
    private void assertNoStaleFill(String keyPart, String path, String video, java.util.function.Function<Response, String> title)
            throws Exception {
        PausableCacheHooks.Pause pause = hooks.pauseNextFill(keyPart);
        CompletableFuture<Response> reader = CompletableFuture.supplyAsync(() -> given().when().get(path));
        try {
            pause.reached.get(20, TimeUnit.SECONDS);
            patch(video, Map.of("title", "after the write"));
        } finally {
            pause.release();
        }
        Response concurrent = reader.get(20, TimeUnit.SECONDS);
        assertEquals(200, concurrent.statusCode());
        assertEquals("Lesson race", title.apply(concurrent), "the reader loaded before the write");

        for (int i = 0; i < 3; i++) {
            assertEquals("after the write", title.apply(given().when().get(path)));
        }
    }

    /**
     * 100 reads of a cold entry, all outstanding at once: the first one's load is held before its
     * fill while the other 99 arrive (in waves of ten, so that a 2-core machine running both the
     * clients and the service is not so saturated that Redis calls time out), then released.
     */
    @Test
    void concurrentMissesOnOneKeyCostOneDatabaseQuery() throws Exception {
        String video = TestData.newVideo(TestData.video(TestData.newCourse(), "crowd"));
        int readers = 100;
        int wave = 10;
        double loads = metrics.count("video.cache.loads", "family", "video");
        double coalesced = metrics.count("video.cache.coalesced", "family", "video");
        double readErrors = metrics.count("video.cache.errors", "operation", "read");
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest read = HttpRequest.newBuilder(URI.create(baseUri() + "/api/videos/" + video))
                .header("Authorization", "Bearer " + TestTokens.admin()).build();
        List<CompletableFuture<HttpResponse<String>>> reads = new ArrayList<>();
        PausableCacheHooks.Pause pause = hooks.pauseNextFill("{video:" + video + "}");
        try {
            reads.add(client.sendAsync(read, HttpResponse.BodyHandlers.ofString()));
            pause.reached.get(20, TimeUnit.SECONDS);
            while (reads.size() < readers) {
                for (int i = 0; i < wave && reads.size() < readers; i++) {
                    reads.add(client.sendAsync(read, HttpResponse.BodyHandlers.ofString()));
                }
                int joined = reads.size() - 1;
                // a reader whose Redis read failed (timed out on a busy machine) reads PostgreSQL on its own, uncached
                CacheMetrics.awaitTrue(() -> joined + " readers join the first one's load; " + metrics.dump(),
                        PATIENCE, () -> metrics.count("video.cache.coalesced", "family", "video") - coalesced
                                + metrics.count("video.cache.errors", "operation", "read") - readErrors >= joined);
            }
            pause.release();
            for (CompletableFuture<HttpResponse<String>> response : reads) {
                assertEquals(200, response.get(30, TimeUnit.SECONDS).statusCode());
                assertThat(response.get().body(), containsString(video));
            }
        } finally {
            pause.release();
        }
        assertEquals(loads + 1, metrics.count("video.cache.loads", "family", "video"), metrics.dump());
    }

    private static String baseUri() {
        return RestAssured.baseURI + ":" + RestAssured.port;
    }

    @Test
    void garbageInRedisIsIgnored() {
        String video = TestData.newVideo(TestData.video(TestData.newCourse(), "garbage"));
        given().when().get("/api/videos/" + video).then().statusCode(200);
        String key = config.keyPrefix() + "{video:" + video + "}";
        String stored = redis.value(String.class).get(key);
        // the entry's own first line (epoch, format, layout and generation), then no checksum and no JSON
        String stamp = stored.substring(0, stored.indexOf('\n') + 1);
        redis.value(String.class).set(key, stamp + "{not json at all");
        double errors = metrics.count("video.cache.errors", "reason", "garbage");

        given().when().get("/api/videos/" + video).then().statusCode(200).body("id", equalTo(video));

        assertThat(metrics.count("video.cache.errors", "reason", "garbage"), greaterThan(errors));
    }

    @Test
    void anEntryWrittenInAnotherJsonShapeIsAMiss() {
        String video = TestData.newVideo(TestData.video(TestData.newCourse(), "old-shape"));
        given().when().get("/api/videos/" + video).then().statusCode(200);
        String key = config.keyPrefix() + "{video:" + video + "}";
        String stored = redis.value(String.class).get(key);
        assertThat(stored, org.hamcrest.Matchers.containsString("/" + VideoCache.FORMAT + "/"));
        // the same entry as a release whose CourseVideo had other fields would have written it
        redis.value(String.class).set(key, stored.replace("/" + VideoCache.FORMAT + "/", "/previous-shape/")
                .replace("Lesson old-shape", "from the old release"));

        given().when().get("/api/videos/" + video).then().statusCode(200).body("title", equalTo("Lesson old-shape"));
    }

    /**
     * An entry altered by someone without the signing key, however well-formed, is a miss; signed
     * with the service's key, the same alteration would be served (so the signature is what decides).
     */
    @Test
    void anEntryForgedWithoutTheSigningKeyIsAMiss() {
        String video = TestData.newVideo(TestData.video(TestData.newCourse(), "forged"));
        given().when().get("/api/videos/" + video).then().statusCode(200);
        String key = config.keyPrefix() + "{video:" + video + "}";
        String stored = redis.value(String.class).get(key);
        String stamped = stored.substring(0, stored.indexOf('\n'));
        String forged = stored.substring(stored.indexOf('\n', stamped.length() + 1) + 1).replace("Lesson forged", "Lesson FORGED");

        redis.value(String.class).set(key, stamped + "\n" + new EntrySigner("not-the-key").sign(key, stamped, forged) + "\n" + forged);
        given().when().get("/api/videos/" + video).then().statusCode(200).body("title", equalTo("Lesson forged"));

        String signingKey = config.signingKey().orElseThrow();
        redis.value(String.class).set(key, stamped + "\n" + new EntrySigner(signingKey).sign(key, stamped, forged) + "\n" + forged);
        given().when().get("/api/videos/" + video).then().statusCode(200).body("title", equalTo("Lesson FORGED"));
    }

    /** Well-formed JSON that is not what was written (a torn or altered entry) is a miss. */
    @Test
    void anAlteredEntryIsAMiss() {
        String video = TestData.newVideo(TestData.video(TestData.newCourse(), "altered"));
        given().when().get("/api/videos/" + video).then().statusCode(200);
        String key = config.keyPrefix() + "{video:" + video + "}";
        String stored = redis.value(String.class).get(key);
        assertThat(stored, containsString("Lesson altered"));
        redis.value(String.class).set(key, stored.replace("Lesson altered", "Lesson ALTERED"));
        double errors = metrics.count("video.cache.errors", "reason", "garbage");

        given().when().get("/api/videos/" + video).then().statusCode(200).body("title", equalTo("Lesson altered"));

        assertThat(metrics.count("video.cache.errors", "reason", "garbage"), greaterThan(errors));
    }

    @Inject
    com.coursevideo.cloudflare.budget.CloudflareBudget budget;

    /** The fleet's Cloudflare budget lives in this Redis too (one key: one slot, also on a cluster). */
    @Test
    void cloudflareBudgetIsKeptInRedis() {
        String key = config.keyPrefix() + "{cloudflare-budget}";
        redis.key().del(key);
        budget.take(com.coursevideo.cloudflare.budget.CloudflareBudget.Priority.USER).await().atMost(PATIENCE);
        assertThat("tokens left after one call", Double.parseDouble(redis.hash(String.class).hget(key, "tokens")),
                org.hamcrest.Matchers.lessThan(100000.0));
    }

    /**
     * The budget's Redis calls have their own breaker: here they fail (its key holds a value of
     * the wrong type) until that breaker opens, and the cache goes on using Redis untouched.
     */
    @Test
    void budgetFailuresDoNotTurnTheCacheOff() {
        String key = config.keyPrefix() + "{cloudflare-budget}";
        String video = TestData.newVideo(TestData.video(TestData.newCourse(), "beside-the-budget"));
        double cacheErrors = metrics.count("video.cache.errors");
        try {
            redis.key().del(key);
            redis.value(String.class).set(key, "not a hash");
            for (int i = 0; i < 30; i++) {
                // the budget falls back to its local share: the call itself goes on
                budget.take(com.coursevideo.cloudflare.budget.CloudflareBudget.Priority.USER).await().atMost(PATIENCE);
            }
            assertThat(metrics.count("video.cloudflare.budget.redis.errors", "reason", "circuit-open"), greaterThan(0.0));

            given().when().get("/api/videos/" + video).then().statusCode(200);
            double hits = metrics.count("video.cache.hits", "family", "video");
            given().when().get("/api/videos/" + video).then().statusCode(200);

            assertThat(metrics.count("video.cache.hits", "family", "video"), greaterThan(hits));
            assertEquals(cacheErrors, metrics.count("video.cache.errors"), metrics.dump());
        } finally {
            redis.key().del(key);
        }
    }

    static String lesson(String course, String lessonId) {
        return "/api/courses/" + course + "/lessons/" + lessonId + "/video";
    }

    /** Reads each path until it is served from the cache. */
    void warm(String... paths) {
        for (String path : paths) {
            given().when().get(path);
            double hits = metrics.count("video.cache.hits");
            given().when().get(path);
            assertThat(path + " cached", metrics.count("video.cache.hits"), greaterThan(hits));
        }
    }

    static void patch(String video, Map<String, Object> changes) {
        given().contentType(ContentType.JSON).body(changes).when().patch("/api/videos/" + video)
                .then().statusCode(200);
    }

    static Map<String, Object> withStatus(Map<String, Object> body, String status) {
        body.put("status", status);
        return body;
    }
}
