package com.coursevideo.cache;

import com.coursevideo.Management;
import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

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

            // this write's invalidation is never sent: the old entry stays in the frozen Redis
            double lost = metrics.count("video.cache.errors", "operation", "invalidate", "reason", "circuit-open");
            patch(video, "written while Redis was frozen");
            // (one script per hash slot: the video's own and its course's)
            assertThat(metrics.count("video.cache.errors", "operation", "invalidate", "reason", "circuit-open"),
                    greaterThan(lost));
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
