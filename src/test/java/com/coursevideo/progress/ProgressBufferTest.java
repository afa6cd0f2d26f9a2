package com.coursevideo.progress;

import static com.coursevideo.AsAdmin.given;
import static com.coursevideo.progress.Learners.stretch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;
import com.coursevideo.cache.CacheMetrics;
import com.coursevideo.cache.PrivateRedis;
import com.coursevideo.cache.RedisProcess;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;

/**
 * The heartbeat buffer, with a flush interval of an hour (so that nothing is flushed but what the
 * test flushes: an erasure flushes every stream first) and a Redis of the test's own to kill.
 */
@QuarkusTest
@TestProfile(ProgressBufferTest.HourlyFlush.class)
class ProgressBufferTest {

    public static class HourlyFlush implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("progress.flush-interval", "1H", "video.cache.breaker.delay", "3S");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PrivateRedis.class));
        }
    }

    @ConfigProperty(name = PrivateRedis.DIR)
    Path dir;

    @ConfigProperty(name = PrivateRedis.PORT)
    int port;

    @ConfigProperty(name = "progress.shards")
    int shards;

    @Inject
    HeartbeatBuffer buffer;

    @Test
    void heartbeatsWaitInRedisAndAreMergedManyPerStatement() throws SQLException {
        String course = TestData.newCourse();
        String video = TestData.readyVideo(course, "lesson", Map.of("duration", 100));
        List<Learners> crowd = IntStream.range(0, 300).mapToObj(i -> Learners.enrolled(course)).toList();
        crowd.parallelStream().forEach(learner -> learner.heartbeat(video, 3, stretch(0, 3)).statusCode(204));
        assertEquals(0, ProgressTest.rowsOf("video_id", video), "acknowledged, and waiting in Redis");
        double statements = ProgressTest.metric("progress_merge_statements_total");

        flushEverything();

        assertEquals(300, ProgressTest.rowsOf("video_id", video));
        double used = ProgressTest.metric("progress_merge_statements_total") - statements;
        assertTrue(used <= shards, used + " statements for 300 heartbeats in " + shards + " streams");
        crowd.get(0).progress(video).statusCode(200);
        assertEquals(0.03f, crowd.get(0).progress(video).extract().jsonPath().getFloat("watched_fraction"));
    }

    /**
     * Heartbeats of many learners at once: each its own entry, in the order Redis took them, read
     * back with the time of the learner's heartbeat before it, on one clock that never goes back.
     */
    @Test
    void heartbeatsAtOnceAreReadBackInOrderWithTheLearnersPreviousTime() {
        UUID video = UUID.randomUUID();
        List<String> learners = IntStream.range(0, 10).mapToObj(i -> "together-" + UUID.randomUUID()).toList();
        List<Uni<Void>> acknowledged = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            for (String learner : learners) {
                acknowledged.add(buffer.add(video, learner, round, Stretches.union(new long[] {round * 1000L, round * 1000L + 1000})));
            }
        }
        // subscribed all at once, as concurrent requests would be
        Uni.join().all(acknowledged).andFailFast().await().atMost(Duration.ofSeconds(30));

        Map<String, List<BufferedHeartbeat>> byLearner = new HashMap<>();
        for (int shard = 0; shard < shards; shard++) {
            for (BufferedHeartbeat heartbeat : buffer.read(shard).await().atMost(Duration.ofSeconds(10)).heartbeats()) {
                if (heartbeat.videoId().equals(video)) {
                    byLearner.computeIfAbsent(heartbeat.learner(), learner -> new ArrayList<>()).add(heartbeat);
                }
            }
        }
        assertEquals(Set.copyOf(learners), byLearner.keySet());
        for (List<BufferedHeartbeat> own : byLearner.values()) {
            assertEquals(20, own.size());
            assertEquals(-1, own.get(0).previousAt(), "the first has no previous");
            for (int i = 1; i < own.size(); i++) {
                assertEquals(own.get(i - 1).receivedAt(), own.get(i).previousAt());
                assertTrue(own.get(i).receivedAt() >= own.get(i - 1).receivedAt(), "one learner's times never go back");
            }
        }
        flushEverything();
    }

    /**
     * The cap counts from the learner's previous heartbeat even when that one was flushed before:
     * a second heartbeat right after a flushed first one is credited about 10 s, not a first one's 30.
     */
    @Test
    void aFlushedHeartbeatIsStillTheNextOnesPrevious() {
        String course = TestData.newCourse();
        String video = TestData.readyVideo(course, "lesson", Map.of("duration", 1000));
        Learners learner = Learners.enrolled(course);
        long start = System.nanoTime();
        learner.heartbeat(video, 1, stretch(0, 1)).statusCode(204);
        flushEverything();
        learner.heartbeat(video, 200, stretch(100, 200)).statusCode(204);
        double between = (System.nanoTime() - start) / 1e9;
        flushEverything();
        // 1 s, then at most 2 × (the seconds between the two) + 10 s of the second's 100; 31 s if it counted as a first
        float fraction = learner.progress(video).extract().jsonPath().getFloat("watched_fraction");
        assertTrue(fraction >= 0.011f, fraction + " < 11 s");
        assertTrue(fraction <= (11 + 2 * between) / 1000 + 0.0005, fraction + " > 11 s + 2 × " + between + " s");
    }

    @Test
    void theSameBufferedHeartbeatsFlushedTwiceChangeNothing() throws SQLException {
        String course = TestData.newCourse();
        String video = TestData.readyVideo(course, "lesson", Map.of("duration", 100));
        Learners learner = Learners.enrolled(course);
        learner.heartbeat(video, 4, stretch(0, 4)).statusCode(204);
        flushEverything();
        learner.heartbeat(video, 9, stretch(4, 9)).statusCode(204);
        flushEverything();
        flushEverything();
        assertEquals(0.09f, learner.progress(video).extract().jsonPath().getFloat("watched_fraction"));
        assertEquals(9f, learner.progress(video).extract().jsonPath().getFloat("position"));
    }

    @Test
    void whileRedisIsDownAHeartbeatIsWrittenToPostgresBeforeItIsAcknowledgedAndAnErasureIsToBeRepeated() throws SQLException {
        String course = TestData.newCourse();
        String video = TestData.readyVideo(course, "lesson", Map.of("duration", 100));
        Learners learner = Learners.enrolled(course);
        given().when().get("/api/videos/" + video).then().statusCode(200);
        RedisProcess.kill(dir, port);
        try {
            // a first heartbeat for all Redis knows: at most 30 s credited
            learner.heartbeat(video, 40, stretch(0, 40)).statusCode(204);
            assertEquals(1, ProgressTest.rowsOf("video_id", video));
            assertEquals(0.3f, learner.progress(video).extract().jsonPath().getFloat("watched_fraction"));
            // an erasure cannot flush the buffer first: what is stored goes, and it is to be repeated
            given().when().delete("/api/learners/" + learner.sub() + "/progress").then().statusCode(503)
                    .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                    .body("code", org.hamcrest.Matchers.equalTo("DATABASE_ERROR"));
            assertEquals(0, ProgressTest.rowsOf("video_id", video));
        } finally {
            RedisProcess.start(dir, port);
            // the buffer's breaker opened while Redis was down: the tests after this one need it closed again
            CacheMetrics.awaitTrue("the buffer flushes again", Duration.ofSeconds(30), () -> given().when()
                    .delete("/api/learners/nobody-" + UUID.randomUUID() + "/progress").statusCode() == 204);
        }
    }

    /** An erasure (of a learner who has nothing) flushes every stream before it erases. */
    private static void flushEverything() {
        given().when().delete("/api/learners/nobody-" + UUID.randomUUID() + "/progress").then().statusCode(204);
    }
}
