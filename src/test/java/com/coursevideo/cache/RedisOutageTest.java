package com.coursevideo.cache;

import static com.coursevideo.AsAdmin.asLearner;
import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coursevideo.Commands;
import com.coursevideo.Management;
import com.coursevideo.TestData;
import com.coursevideo.caption.CaptionTest;
import com.coursevideo.cloudflare.CloudflareFake;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;

/** Redis dies, or freezes with its entries intact: requests go on, and nothing stale comes back. */
@QuarkusTest
@TestProfile(PrivateRedisProfile.class)
class RedisOutageTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = PrivateRedis.DIR)
    Path dir;

    @ConfigProperty(name = PrivateRedis.PORT)
    int port;

    CacheMetrics metrics;

    @BeforeEach
    void setUp() {
        metrics = new CacheMetrics(registry);
    }

    @Test
    void killedRedisCostsNothingAndCachingResumesAfterRestart() {
        String course = TestData.newCourse();
        String video = TestData.newVideo(TestData.video(course, "kill"));
        awaitHit("/api/videos/" + video);

        RedisProcess.kill(dir, port);
        try {
            for (int i = 0; i < 20; i++) {
                given().when().get("/api/videos/" + video).then().statusCode(200);
            }
            patch(video, "written while Redis was down");
            given().when().get("/api/videos/" + video).then().statusCode(200)
                    .body("title", equalTo("written while Redis was down"));
            String second = TestData.newVideo(TestData.video(course, "kill-2"));
            // Redis is not a reason to take the pod out of service
            Management.given().when().get("/q/health/ready").then().statusCode(200);
            // nor to stop talking to Cloudflare: the budget falls back to this replica's share
            given().when().post("/api/videos/" + second + "/sync").then().statusCode(200);
            given().queryParam("status", "all").when().get("/api/courses/" + course + "/videos")
                    .then().statusCode(200).body("id", hasItem(second));
        } finally {
            RedisProcess.start(dir, port);
        }

        awaitHit("/api/videos/" + video);
        given().when().get("/api/videos/" + video).then().body("title", equalTo("written while Redis was down"));
    }

    @Test
    void aCaptionFileReadWhileRedisIsDownCostsNoCloudflareCall() {
        String course = TestData.newCourse();
        Map<String, Object> body = TestData.video(course, "captions-without-redis");
        body.put("cloudflare_video_id", CloudflareFake.fake().addVideo("ready"));
        body.put("status", "ready");
        String video = TestData.newVideo(body);
        given().contentType("text/vtt").body(CaptionTest.VTT).when().put(CaptionTest.captions(video) + "/en").then().statusCode(200);
        int fetched = CloudflareFake.fake().requests("caption_vtt");

        RedisProcess.kill(dir, port);
        try {
            for (int i = 0; i < 20; i++) {
                asLearner(course).when().get(CaptionTest.captions(video) + "/en/vtt").then().statusCode(200)
                        .body(equalTo(CaptionTest.VTT));
            }
        } finally {
            RedisProcess.start(dir, port);
        }
        assertEquals(fetched, CloudflareFake.fake().requests("caption_vtt"), "served from the row's stored copy");
    }

    @Test
    void frozenRedisNeverServesAnEntryWhoseInvalidationWasLost() {
        String video = TestData.newVideo(TestData.video(TestData.newCourse(), "freeze"));
        awaitHit("/api/videos/" + video);

        RedisProcess.signal(dir, port, "STOP");
        try {
            // reads time out against the frozen Redis until the breaker opens
            double open = metrics.count("video.cache.errors", "reason", "circuit-open");
            CacheMetrics.awaitTrue("the circuit breaker opens", PATIENCE, () -> {
                given().when().get("/api/videos/" + video).then().statusCode(200);
                return metrics.count("video.cache.errors", "reason", "circuit-open") > open;
            });

            // while it is open, requests do not wait for Redis at all
            // (reads only: a background epoch refresh sent before the breaker opened may still time out)
            double timeouts = metrics.count("video.cache.errors", "operation", "read", "reason", "timeout");
            for (int i = 0; i < 10; i++) {
                given().when().get("/api/videos/" + video).then().statusCode(200);
            }
            assertEquals(timeouts, metrics.count("video.cache.errors", "operation", "read", "reason", "timeout"));

            // this write's invalidation does not reach Redis (refused by the open breaker, or timed out
            // when a slow machine let the breaker half-open meanwhile): the old entry stays in the frozen Redis
            double lost = metrics.count("video.cache.errors", "operation", "invalidate");
            patch(video, "written while Redis was frozen");
            // (one script per hash slot: the video's own and its course's)
            assertThat(metrics.count("video.cache.errors", "operation", "invalidate"), greaterThan(lost));
            given().when().get("/api/videos/" + video).then().body("title", equalTo("written while Redis was frozen"));
        } finally {
            RedisProcess.signal(dir, port, "CONT");
        }

        // every read from now on, including those served from the cache again, sees the write
        double hits = metrics.count("video.cache.hits");
        CacheMetrics.awaitTrue("caching resumes", PATIENCE, () -> {
            given().when().get("/api/videos/" + video).then().statusCode(200)
                    .body("title", equalTo("written while Redis was frozen"));
            return metrics.count("video.cache.hits") > hits + 2;
        });
    }

    @Inject
    CacheRedis cacheRedis;

    @Inject
    CacheConfig config;

    @Inject
    Pool pool;

    /**
     * A writer that lost an invalidation records it in PostgreSQL before it answers; any replica
     * acts on the record (here one started beside this instance, knowing nothing of the loss, as
     * if the writer had died), moving the epoch on so that no entry from before is served.
     */
    @Test
    void aLostInvalidationIsRecordedForEveryReplica() {
        String video = TestData.newVideo(TestData.video(TestData.newCourse(), "recorded"));
        awaitHit("/api/videos/" + video);
        long recordedBefore = lossesRecorded();
        RedisProcess.signal(dir, port, "STOP");
        try {
            patch(video, "lost while frozen");
            assertThat("recorded before the write answered", lossesRecorded(), greaterThan(recordedBefore));
        } finally {
            RedisProcess.signal(dir, port, "CONT");
        }
        CacheMetrics.awaitTrue("the loss is acted on", PATIENCE, () -> lossesRecorded() == 0);

        CacheEpoch otherReplica = new CacheEpoch(cacheRedis, config, pool, registry);
        CacheMetrics.awaitTrue("the other replica reads the epoch", PATIENCE, () -> {
            otherReplica.refresh().await().atMost(PATIENCE);
            return otherReplica.current() != null;
        });
        String before = otherReplica.current();
        // a writer records a loss and dies before Redis is back: only the record is left
        pool.query("INSERT INTO cache_invalidations_lost DEFAULT VALUES").execute().await().atMost(PATIENCE);

        otherReplica.refresh().await().atMost(PATIENCE);

        assertNotEquals(before, otherReplica.current(), "a new epoch: every entry from before is a miss");
        CacheMetrics.awaitTrue("the record is cleared", PATIENCE, () -> lossesRecorded() == 0);
    }

    /**
     * Redis restarts and reloads a snapshot taken before a write: the entry the write invalidated is
     * back, with its generation. The service stopped using the cache when its refresh failed, and
     * sees that Redis is not the server it was (its run_id): it moves the epoch on before it uses
     * the cache again, so no read returns the old data.
     */
    @Test
    void aRedisBackWithAnOldSnapshotServesNothingStale() {
        String video = TestData.newVideo(TestData.video(TestData.newCourse(), "snapshot"));
        awaitHit("/api/videos/" + video);
        Commands.output(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "SAVE"), 60);
        patch(video, "written after the snapshot");
        awaitHit("/api/videos/" + video);

        RedisProcess.kill(dir, port);
        // down for longer than an epoch refresh, as any real restart is: the service has seen it gone
        LockSupport.parkNanos(config.epochRefresh().multipliedBy(2).toNanos());
        RedisProcess.start(dir, port); // loads the snapshot: the old entry and its generation are back

        for (int i = 0; i < 40; i++) {
            given().when().get("/api/videos/" + video).then().statusCode(200).body("title", equalTo("written after the snapshot"));
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        awaitHit("/api/videos/" + video);
        given().when().get("/api/videos/" + video).then().body("title", equalTo("written after the snapshot"));
    }

    private long lossesRecorded() {
        return pool.query("SELECT count(*) FROM cache_invalidations_lost").execute().await().atMost(PATIENCE)
                .iterator().next().getLong(0);
    }

    private void awaitHit(String path) {
        CacheMetrics.awaitTrue(path + " served from the cache", PATIENCE, () -> {
            double hits = metrics.count("video.cache.hits");
            given().when().get(path).then().statusCode(200);
            return metrics.count("video.cache.hits") > hits;
        });
    }

    private static void patch(String video, String title) {
        given().contentType(ContentType.JSON).body(Map.of("title", title))
                .when().patch("/api/videos/" + video)
                .then().statusCode(200).body("title", equalTo(title));
    }
}
