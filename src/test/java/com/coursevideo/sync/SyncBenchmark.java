package com.coursevideo.sync;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.coursevideo.cloudflare.CloudflareFake;
import com.coursevideo.dev.fake.StreamFake;
import com.coursevideo.video.SyncConfig;
import com.coursevideo.video.VideoSync;
import com.coursevideo.work.WorkQueue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Not a test (surefire does not pick it up by name): {@code bench/sync-benchmark.sh} runs it.
 * Seeds processing videos, syncs them all in one round against the fake, and prints wall time
 * beside the bound {@code videos × latency / concurrency}, then what the real budget allows.
 */
@QuarkusTest
@TestProfile(SyncBenchmarkProfile.class)
class SyncBenchmark {

    final StreamFake fake = CloudflareFake.fake();

    @Inject
    WorkQueue work;

    @Inject
    SyncConfig sync;

    @Inject
    Pool pool;

    @Test
    void syncTenThousandVideos() {
        int videos = Integer.getInteger("bench.videos", 10_000);
        // bench.latency in milliseconds: 50MS (or 50)
        long latencyMs = Long.parseLong(System.getProperty("bench.latency", "50MS").replaceFirst("(?i)ms$", ""));
        fake.reset();
        fake.latency(Duration.ofMillis(latencyMs));
        List<String> uids = fake.addVideos(videos, "inprogress");
        UUID course = pool.preparedQuery("DELETE FROM courses").execute()
                .chain(() -> pool.preparedQuery("INSERT INTO courses (title) VALUES ('benchmark') RETURNING id").execute())
                .await().atMost(Duration.ofMinutes(1)).iterator().next().getUUID(0);
        pool.preparedQuery("INSERT INTO course_videos (course_id, lesson_id, cloudflare_video_id, title, status)"
                        + " SELECT $1, 'lesson-' || n, uid, 'Video ' || n, 'inprogress'"
                        + " FROM unnest($2::text[]) WITH ORDINALITY AS seeded(uid, n)")
                .execute(Tuple.of(course, uids.toArray(String[]::new)))
                .await().atMost(Duration.ofMinutes(5));

        long start = System.nanoTime();
        WorkQueue.Round result = work.runDue(VideoSync.KIND).await().atMost(Duration.ofMinutes(60));
        double wall = (System.nanoTime() - start) / 1e9;

        double bound = videos * latencyMs / 1000.0 / sync.concurrency();
        // the production budget (BudgetConfig's defaults), not the benchmark's unbounded one
        int limit = 1200;
        int window = 300;
        double margin = 0.1;
        int burst = 60;
        double perSecond = (limit * (1 - margin) - burst) / window;
        double projected = Math.max(0, videos - burst) / perSecond;
        System.out.printf("%n| measured | value |%n|---|---|%n");
        System.out.printf("| videos | %d (synced %d, failed %d) |%n", videos, result.succeeded(), result.failed());
        System.out.printf("| fake latency per call | %d ms |%n", latencyMs);
        System.out.printf("| sync concurrency | %d |%n", sync.concurrency());
        System.out.printf("| wall time | %.1f s |%n", wall);
        System.out.printf("| bound videos × latency / concurrency | %.1f s |%n", bound);
        System.out.printf("| wall / bound | %.2f |%n", wall / bound);
        System.out.printf("| real budget (%d per %d s, margin %.0f%%, burst %d) | %.2f calls/s after the burst |%n",
                limit, window, margin * 100, burst, perSecond);
        System.out.printf("| projected time for %d videos under it | %.0f s (%.1f min) |%n%n", videos, projected,
                projected / 60);
        pool.preparedQuery("DELETE FROM courses").execute().await().atMost(Duration.ofMinutes(5));
    }
}
