package com.coursevideo.sync;

import static com.coursevideo.AsAdmin.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;
import com.coursevideo.cloudflare.CloudflareFake;
import com.coursevideo.dev.fake.StreamFake;
import com.coursevideo.video.CloudflareSettings;
import com.coursevideo.work.WorkQueue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Not a test (surefire does not pick it up by name): {@code bench/origins-benchmark.sh} runs it.
 * A course of 10,000 ready videos changes its {@code allowed_origins}: one {@code cloudflare.settings}
 * job a video, worked at background priority under a budget that binds (the fleet's, scaled down to
 * {@code bench.budget} calls a second so that the run takes minutes, not the 48 the real one would),
 * while a person's sync of another video is served meanwhile. Prints how long it took beside
 * the least the budget allows, and what Cloudflare saw; fails when a video is left behind, a call
 * was refused or the budget was exceeded.
 */
@QuarkusTest
@TestProfile(OriginsBenchmark.Profile.class)
class OriginsBenchmark {

    private static final int BUDGET = Integer.getInteger("bench.budget", 100);
    private static final int BURST = 20;
    private static final double MARGIN = 0.1;

    final StreamFake fake = CloudflareFake.fake();

    @Inject
    WorkQueue work;

    @Inject
    Pool pool;

    /** Its own database and Redis keys; the budget {@code bench.budget} per second, 10 % kept back. */
    public static class Profile implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:5432/coursevideo_origins_bench",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/coursevideo_origins_bench",
                    "cloudflare.budget.requests", Integer.toString(BUDGET),
                    "cloudflare.budget.per", "1S",
                    "cloudflare.budget.safety-margin", Double.toString(MARGIN),
                    "cloudflare.budget.burst", Integer.toString(BURST),
                    "video.cache.key-prefix", "cv-origins-bench:");
        }
    }

    @Test
    void tenThousandVideosTakeACoursesNewOrigins() {
        int videos = Integer.getInteger("bench.videos", 10_000);
        fake.reset();
        fake.latency(Duration.ofMillis(Long.getLong("bench.latency", 50)));
        List<String> uids = fake.addVideos(videos, "ready");
        String course = TestData.newCourse();
        pool.preparedQuery("INSERT INTO course_videos (course_id, lesson_id, cloudflare_video_id, title, status,"
                        + " processing_progress) SELECT $1, 'lesson-' || n, uid, 'Video ' || n, 'ready', 100"
                        + " FROM unnest($2::text[]) WITH ORDINALITY AS seeded(uid, n)")
                .execute(Tuple.of(UUID.fromString(course), uids.toArray(String[]::new)))
                .await().atMost(Duration.ofMinutes(5));
        String watched = inprogressVideo();
        fake.limit(BUDGET, Duration.ofSeconds(1));

        long start = System.nanoTime();
        given().contentType(ContentType.JSON).body(Map.of("allowed_origins", List.of("learn.example.com")))
                .when().patch("/api/courses/" + course).then().statusCode(200);
        double answered = (System.nanoTime() - start) / 1e6;
        CompletableFuture<WorkQueue.Round> round = work.runDue(CloudflareSettings.KIND).subscribeAsCompletionStage()
                .toCompletableFuture();
        // a person's sync meanwhile: a user call of its own to Cloudflare each time, ahead of the background's
        List<Double> syncs = new ArrayList<>();
        WorkQueue.Round result = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (result == null && System.nanoTime() < deadline) {
            long asked = System.nanoTime();
            given().when().post("/api/videos/" + watched + "/sync").then().statusCode(200);
            syncs.add((System.nanoTime() - asked) / 1e6);
            result = finishedWithin(round, Duration.ofSeconds(2));
        }
        assertTrue(result != null, "the round finished within 30 minutes");
        double wall = (System.nanoTime() - start) / 1e9;

        long behind = uids.stream().filter(uid -> !List.of("learn.example.com").equals(fake.allowedOrigins(uid))).count();
        // the bucket holds the burst and refills with the rest of the window's allowance (CloudflareBudget)
        double perSecond = BUDGET * (1 - MARGIN) - BURST;
        double least = Math.max(0, videos - BURST) / perSecond;
        double realPerSecond = (1200 * (1 - MARGIN) - 60) / 300.0;
        syncs.sort(Double::compare);
        System.out.printf("%n| measured | value |%n|---|---|%n");
        System.out.printf("| videos of the course | %d (jobs done %d, failed %d) |%n", videos, result.succeeded(), result.failed());
        System.out.printf("| PATCH /api/courses/{id} answered in | %.0f ms |%n", answered);
        System.out.printf("| budget | %d calls/s, %.0f %% kept back, a bucket of %d refilling at %.0f calls/s |%n",
                BUDGET, MARGIN * 100, BURST, perSecond);
        System.out.printf("| until every video had the new origins | %.1f s (the budget allows it in %.1f s at the least: %.2f ×) |%n",
                wall, least, wall / least);
        System.out.printf("| Cloudflare updates | %d for %d videos |%n", fake.requests("update"), videos);
        System.out.printf("| busiest second at Cloudflare | %d calls (limit %d) |%n", fake.busiestWindow(), BUDGET);
        System.out.printf("| calls Cloudflare refused (429) | %d |%n", fake.rateLimitedCalls());
        System.out.printf("| videos left with old origins | %d |%n", behind);
        System.out.printf("| a person's sync of another video meanwhile | %d calls, median %.0f ms, slowest %.0f ms, all 200 |%n",
                syncs.size(), syncs.get(syncs.size() / 2), syncs.get(syncs.size() - 1));
        System.out.printf("| the real budget (1200 per 300 s, 10 %% kept back, burst 60) | %.2f calls/s: %.0f min for %d videos |%n%n",
                realPerSecond, Math.max(0, videos - 60) / realPerSecond / 60, videos);

        assertEquals(0, behind, "every video has the course's new origins");
        assertEquals(0, result.failed(), result.toString());
        assertEquals(0, fake.rateLimitedCalls(), "Cloudflare never had to refuse a call");
        assertTrue(fake.busiestWindow() <= BUDGET, "at most " + BUDGET + " calls in any second: " + fake.busiestWindow());
        pool.preparedQuery("DELETE FROM courses WHERE id = $1").execute(Tuple.of(UUID.fromString(course)))
                .await().atMost(Duration.ofMinutes(5));
    }

    private String inprogressVideo() {
        String uid = fake.addVideo("inprogress");
        Map<String, Object> body = TestData.video(TestData.newCourse(), "watched");
        body.put("cloudflare_video_id", uid);
        body.put("status", "inprogress");
        return TestData.newVideo(body);
    }

    /** The round's result once it is done, or null when it is not done within {@code wait}. */
    private static WorkQueue.Round finishedWithin(CompletableFuture<WorkQueue.Round> round, Duration wait) {
        try {
            return round.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException notYet) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the round failed", e.getCause());
        }
    }
}
