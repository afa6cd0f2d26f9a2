package com.coursevideo.library;

import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;
import com.coursevideo.cache.CacheMetrics;
import com.coursevideo.cloudflare.CloudflareFake;
import com.coursevideo.dev.fake.StreamFake.Failure;
import com.coursevideo.dev.fake.StreamFake;
import com.coursevideo.work.WorkItems;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The crawl of the whole library against the rows: orphans, missing media, drifted settings; old
 * upload slots deleted; pages, ties at a page's edge, one run at a time, and a run taken over from
 * where its replica stopped.
 */
@QuarkusTest
class ReconciliationTest {

    /** The kind of a run's crawl in the work queue. */
    private static final String CRAWL = "library.reconcile";

    final StreamFake fake = CloudflareFake.fake();

    @Inject
    Pool pool;

    @BeforeEach
    void emptyLibrary() {
        fake.reset();
        // an unfinished run of an earlier test would be taken over
        pool.query("DELETE FROM reconciliations WHERE finished_at IS NULL").execute().await().atMost(Duration.ofSeconds(10));
    }

    private static JsonPath reconcile() {
        return given().when().post("/api/admin/reconciliation").then().statusCode(200).extract().jsonPath();
    }

    private static String registered(String course, String lesson, String uid, boolean signed) {
        Map<String, Object> body = TestData.video(course, lesson);
        body.put("cloudflare_video_id", uid);
        body.put("require_signed_urls", signed);
        return TestData.newVideo(body);
    }

    @Test
    void reportsOrphansMissingMediaAndDriftAndDeletesOnlyOldUploadSlots() {
        String course = TestData.newCourse();
        String matched = registered(course, "matched", fake.addVideo("ready"), false);
        String missing = registered(course, "missing", TestData.streamUid(), false);
        String driftUid = fake.addVideo("ready");
        String drifted = registered(course, "drifted", driftUid, false);
        fake.setRequiresSignedUrls(driftUid, true);
        Instant made = Instant.parse("2026-01-02T03:04:05.678Z");
        String dashboard = fake.addVideo("ready", made, Map.of("name", "made in the dashboard"));
        String oldSlot = fake.addUploadSlot("someone", Duration.ofHours(25));
        String youngSlot = fake.addUploadSlot("someone", Duration.ofHours(23));

        JsonPath report = reconcile();
        assertEquals(5, report.getInt("cloudflare_videos"));
        List<String> orphans = report.getList("orphans.uid");
        assertEquals(List.of(dashboard, oldSlot, youngSlot).stream().sorted().toList(), orphans.stream().sorted().toList());
        Map<String, Object> fromDashboard = report.getMap("orphans.find { it.uid == '" + dashboard + "' }");
        assertEquals("2026-01-02T03:04:05.678Z", fromDashboard.get("created"));
        assertEquals(Map.of("name", "made in the dashboard"), fromDashboard.get("meta"));
        List<String> missingIds = report.getList("missing");
        assertTrue(missingIds.contains(missing), "missing: " + missing);
        assertFalse(missingIds.contains(matched) || missingIds.contains(drifted));
        assertEquals(List.of(drifted), report.getList("settings_drift"));
        assertEquals(1, report.getInt("orphan_slots_deleted"));
        CacheMetrics.awaitTrue("the old upload slot is deleted at Cloudflare", Duration.ofSeconds(20), () -> !fake.has(oldSlot));
        assertTrue(fake.has(youngSlot) && fake.has(dashboard), "younger slots and other orphans are only reported");

        given().when().get("/api/admin/reconciliation").then().statusCode(200)
                .body("started_at", equalTo(report.getString("started_at")))
                .body("orphans.size()", equalTo(3));
    }

    @Test
    void crawlsPageByPageAndSeesEveryVideoOfATieAtAPagesEdge() {
        Instant first = Instant.parse("2026-03-01T00:00:00Z");
        List<String> uids = new ArrayList<>();
        for (int i = 0; i < 999; i++) {
            uids.add(fake.addVideo("ready", first.plusMillis(10L * i), Map.of()));
        }
        // three made at the same instant: the first page ends with one of them
        Instant tie = first.plusSeconds(3600);
        for (int i = 0; i < 3; i++) {
            uids.add(fake.addVideo("ready", tie, Map.of()));
        }
        for (int i = 0; i < 1500; i++) {
            uids.add(fake.addVideo("ready", tie.plusMillis(5L * (i + 1)), Map.of()));
        }
        int before = fake.requests("library");
        JsonPath report = reconcile();
        assertEquals(uids.size(), report.getInt("cloudflare_videos"));
        assertEquals(uids.stream().sorted().toList(), report.getList("orphans.uid", String.class).stream().sorted().toList());
        assertEquals(3, fake.requests("library") - before, "pages of 1,000");
    }

    @Test
    void aRunWhoseReplicaStoppedIsTakenOverFromWhereItsCrawlWas() {
        Instant early = Instant.parse("2026-04-01T00:00:00Z");
        String compared = fake.addVideo("ready", early, Map.of());
        String later = fake.addVideo("ready", early.plusSeconds(60), Map.of());
        // as an instance leaves it when it dies after its first page: the lease of its crawl ran out
        long run = pool.preparedQuery("INSERT INTO reconciliations (next_after, repeatable_uids, cloudflare_videos)"
                + " VALUES ($1, $2, 1) RETURNING id")
                .execute(Tuple.of(early.plusMillis(500).atOffset(java.time.ZoneOffset.UTC), new String[0]))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
        WorkItems.request(CRAWL, Long.toString(run));
        WorkItems.heldElsewhere(CRAWL, Long.toString(run), -1);
        JsonPath report = reconcile();
        assertEquals(2, report.getInt("cloudflare_videos"), "the first page's video counted once, by the stopped replica");
        assertEquals(List.of(later), report.getList("orphans.uid"), "the crawl went on after " + compared);
    }

    @Test
    void aRunStoppedByCloudflareStaysToBeResumed() {
        fake.addVideo("ready");
        fake.failNext(3, Failure.SERVER_ERROR, "list"); // the list call and its two retries
        given().when().post("/api/admin/reconciliation").then().statusCode(502).body("code", equalTo("CLOUDFLARE_ERROR"));
        long unfinished = pool.query("SELECT count(*) FROM reconciliations r WHERE finished_at IS NULL AND EXISTS"
                + " (SELECT 1 FROM work_items w WHERE w.kind = '" + CRAWL + "' AND w.key = r.id::text AND w.lease_owner IS NULL)")
                .execute().await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
        assertEquals(1, unfinished, "kept, its claim given up");
        assertEquals(1, reconcile().getInt("cloudflare_videos"));
    }

    @Test
    void concurrentRequestsShareOneRun() throws Exception {
        // 10 ms apart: videos made within a page's 1 ms overlap would be asked for again (more pages)
        Instant first = Instant.parse("2026-05-01T00:00:00Z");
        for (int i = 0; i < 1200; i++) {
            fake.addVideo("ready", first.plusMillis(10L * i), Map.of());
        }
        int before = fake.requests("library");
        ExecutorService admins = Executors.newFixedThreadPool(3);
        CyclicBarrier together = new CyclicBarrier(3);
        List<Future<String>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(admins.submit(() -> {
                together.await();
                return reconcile().getString("started_at");
            }));
        }
        List<String> started = new ArrayList<>();
        for (Future<String> run : runs) {
            started.add(run.get(60, TimeUnit.SECONDS));
        }
        admins.shutdown();
        assertEquals(1, started.stream().distinct().count(), "one run: " + started);
        assertEquals(2, fake.requests("library") - before, "one crawl of two pages");
    }

    @Test
    void adoptsAnOrphanWithWhatCloudflareKnowsOfIt() {
        String course = TestData.newCourse();
        String uid = fake.addVideo("ready");
        fake.setRequiresSignedUrls(uid, true);
        Map<String, Object> body = new HashMap<>(Map.of("cloudflare_video_id", uid, "course_id", course,
                "lesson_id", "adopted", "title", "Found in the library"));
        given().contentType("application/json").body(body).when().post("/api/admin/reconciliation/adopt").then()
                .statusCode(201)
                .body("cloudflare_video_id", equalTo(uid))
                .body("status", equalTo("ready"))
                .body("processing_progress", equalTo(100))
                .body("duration", equalTo(42.5f))
                .body("require_signed_urls", equalTo(true));
        given().contentType("application/json").body(body).when().post("/api/admin/reconciliation/adopt").then()
                .statusCode(409).body("code", equalTo("DUPLICATE_VIDEO"));
    }

    @Test
    void reportsStorageFromCloudflareAndMinutesPerCourseFromTheRows() {
        String course = TestData.newCourse();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> body = TestData.video(course, "lesson-" + i);
            body.put("duration", 600);
            TestData.newVideo(body);
        }
        fake.addVideos(4, "ready");
        JsonPath usage = given().when().get("/api/admin/usage").then().statusCode(200).extract().jsonPath();
        assertEquals(4, usage.getInt("video_count"));
        assertEquals(3, usage.getInt("total_storage_minutes"), "4 × 42.5 s, in whole minutes");
        assertEquals(StreamFake.STORAGE_MINUTES_LIMIT, usage.getInt("total_storage_minutes_limit"));
        assertEquals(30.0f, usage.getFloat("courses.find { it.course_id == '" + course + "' }.minutes"));
        assertEquals(3, usage.getInt("courses.find { it.course_id == '" + course + "' }.videos"));
    }
}
