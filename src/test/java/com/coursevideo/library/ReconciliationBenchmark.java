package com.coursevideo.library;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.management.ObjectName;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;
import com.coursevideo.cloudflare.CloudflareFake;
import com.coursevideo.dev.fake.StreamFake;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Not a test (surefire does not pick it up by name): {@code bench/reconciliation-benchmark.sh} runs
 * it. A library of {@code bench.videos} Cloudflare videos (50,000) against as many rows, 1 % of the
 * library orphans (a fifth of them upload slots past the grace) and 1 % of the rows missing at
 * Cloudflare; the fake limits calls as Cloudflare does (1,200 per 5 minutes) and the service has the
 * production budget. Prints the wall time, the Cloudflare calls, the library videos
 * the crawl holds at once (live instances), the 429s.
 */
@QuarkusTest
@TestProfile(ReconciliationBenchmarkProfile.class)
class ReconciliationBenchmark {

    final StreamFake fake = CloudflareFake.fake();

    @Inject
    Reconciliation reconciliation;

    @Inject
    Pool pool;

    /** Live instances and bytes after a full collection: the JVM's class histogram. */
    record Histogram(long libraryVideos, long liveBytes) {

        static Histogram now() {
            try {
                String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                        new Object[] { null }, new String[] { String[].class.getName() });
                long videos = 0;
                long total = 0;
                for (String line : text.split("\n")) {
                    String[] fields = line.trim().split("\\s+");
                    if (line.endsWith("CloudflareStream$LibraryVideo") || line.contains("CloudflareStream$LibraryVideo ")) {
                        videos = Long.parseLong(fields[1]);
                    } else if (line.startsWith("Total")) {
                        total = Long.parseLong(fields[2]);
                    }
                }
                return new Histogram(videos, total);
            } catch (Exception e) {
                throw new IllegalStateException("no class histogram", e);
            }
        }
    }

    @Test
    void reconcileFiftyThousandVideos() throws Exception {
        int videos = Integer.getInteger("bench.videos", 50_000);
        int orphans = videos / 100;
        int missing = videos / 100;
        fake.reset();
        fake.limit(1200, Duration.ofMinutes(5));
        pool.query("DELETE FROM reconciliations").execute().chain(() -> pool.query("DELETE FROM courses").execute())
                .await().atMost(Duration.ofMinutes(5));
        UUID course = pool.query("INSERT INTO courses (title) VALUES ('benchmark') RETURNING id").execute()
                .await().atMost(Duration.ofMinutes(1)).iterator().next().getUUID(0);

        Instant first = Instant.now().minus(Duration.ofDays(400));
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < videos - orphans; i++) {
            rows.add(fake.addVideo("ready", first.plusSeconds(600L * i), Map.of("name", "lesson " + i)));
        }
        for (int i = 0; i < orphans; i++) {
            if (i % 5 == 0) {
                fake.addUploadSlot("someone", Duration.ofDays(2).plusMinutes(i));
            } else {
                fake.addVideo("ready", first.plusSeconds(600L * i + 300), Map.of("name", "made elsewhere " + i));
            }
        }
        for (int i = 0; i < missing; i++) {
            rows.add(TestData.streamUid()); // media gone at Cloudflare
        }
        pool.preparedQuery("INSERT INTO course_videos (course_id, lesson_id, cloudflare_video_id, title, status, processing_progress, created_at)"
                        + " SELECT $1, 'lesson-' || n, uid, 'Video ' || n, 'ready', 100, now() - interval '1 day'"
                        + " FROM unnest($2::text[]) WITH ORDINALITY AS seeded(uid, n)")
                .execute(Tuple.of(course, rows.toArray(String[]::new)))
                .await().atMost(Duration.ofMinutes(5));

        // live objects, after a full collection each time: what the crawl holds, not garbage
        Histogram baseline = Histogram.now();
        AtomicReference<Histogram> most = new AtomicReference<>(baseline);
        boolean sampling = Boolean.parseBoolean(System.getProperty("bench.histogram", "true"));
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        if (sampling) {
            sampler.scheduleWithFixedDelay(() -> most.accumulateAndGet(Histogram.now(),
                    (a, b) -> a.libraryVideos() >= b.libraryVideos() ? a : b), 0, 200, TimeUnit.MILLISECONDS);
        }
        int listsBefore = fake.requests("library");
        long start = System.nanoTime();
        ReconciliationReport report = reconciliation.run().await().atMost(Duration.ofMinutes(30));
        double wall = (System.nanoTime() - start) / 1e9;
        sampler.shutdownNow();
        sampler.awaitTermination(1, TimeUnit.MINUTES);
        int lists = fake.requests("library") - listsBefore;

        System.out.printf("%n| measured | value |%n|---|---|%n");
        System.out.printf("| Cloudflare videos / rows | %d / %d |%n", report.cloudflareVideos(), rows.size());
        System.out.printf("| orphans found (expected %d) | %d, of them %d upload slots queued for deletion (expected %d) |%n",
                orphans, report.orphans().size(), report.orphanSlotsDeleted(), (orphans + 4) / 5);
        System.out.printf("| missing found (expected %d) | %d |%n", missing, report.missing().size());
        System.out.printf("| settings drift | %d |%n", report.settingsDrift().size());
        System.out.printf("| wall time | %.1f s%s |%n", wall, sampling ? " (with a full GC every 200 ms for the histogram)" : "");
        System.out.printf("| Cloudflare list calls | %d |%n", lists);
        System.out.printf("| live heap before the run (the fake's %d videos live in this JVM too) | %.0f MB |%n",
                videos, baseline.liveBytes() / 1e6);
        if (sampling) {
            System.out.printf("| library videos held by the crawl at most (live instances, full GC every 200 ms) | %d, live heap then %.0f MB |%n",
                    most.get().libraryVideos(), most.get().liveBytes() / 1e6);
        }
        System.out.printf("| 429s from the fake (Cloudflare's limit: 1,200 per 5 min) | %d |%n", fake.rateLimitedCalls());
        System.out.printf("| busiest 5-minute window at the fake | %d calls |%n%n", fake.busiestWindow());
        pool.query("DELETE FROM courses").execute().await().atMost(Duration.ofMinutes(5));
    }
}
