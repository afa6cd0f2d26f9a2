package com.coursevideo.video;

import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;
import com.coursevideo.cache.CacheMetrics;
import com.coursevideo.cloudflare.CloudflareFake;
import com.coursevideo.database.TestDatabase;
import com.coursevideo.dev.fake.StreamFake;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** What batches (and a big course deletion) do beyond the rows: Cloudflare work through the queue, and the cache. */
@QuarkusTest
class VideoBatchCloudflareTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    final StreamFake fake = CloudflareFake.fake();

    @Inject
    MeterRegistry registry;

    private String registered(String course, String lesson) {
        Map<String, Object> body = TestData.video(course, lesson);
        String uid = fake.addVideo("ready");
        body.put("cloudflare_video_id", uid);
        return TestData.newVideo(body);
    }

    private static String uid(String video) {
        return given().when().get("/api/videos/" + video).then().extract().path("cloudflare_video_id");
    }

    @Test
    void aBatchThatRequiresSignedUrlsSetsThemAtCloudflare() {
        String course = TestData.newCourse();
        List<String> videos = List.of(registered(course, "a"), registered(course, "b"));
        List<String> uids = videos.stream().map(VideoBatchCloudflareTest::uid).toList();
        given().contentType(ContentType.JSON).body(Map.of("ids", videos, "set", Map.of("require_signed_urls", true)))
                .when().patch("/api/videos/batch").then().statusCode(200).body("results.status", contains(200, 200));
        CacheMetrics.awaitTrue("Cloudflare requires signed URLs for both", PATIENCE,
                () -> uids.stream().allMatch(fake::requiresSignedUrls));
    }

    @Test
    void aBatchDeleteFromCloudflareDeletesThere() {
        String course = TestData.newCourse();
        List<String> videos = List.of(registered(course, "a"), registered(course, "b"));
        List<String> uids = videos.stream().map(VideoBatchCloudflareTest::uid).toList();
        given().contentType(ContentType.JSON).body(Map.of("ids", videos, "delete_from_cloudflare", true))
                .when().post("/api/videos/batch-delete").then().statusCode(200).body("results.status", contains(204, 204));
        CacheMetrics.awaitTrue("Cloudflare no longer has them", PATIENCE, () -> uids.stream().noneMatch(fake::has));
    }

    /**
     * 3,000 videos' cache entries are invalidated in a few script calls: one per video would queue
     * more calls than the Redis client lets wait (2,048), lose invalidations and move the epoch on.
     */
    @Test
    void deletingACourseOfThousandsInvalidatesWithoutLosingAny() throws Exception {
        String course = TestData.newCourse();
        TestDatabase.insertVideos(course, 3000);
        List<String> cached = new ArrayList<>(given().when().get("/api/courses/" + course + "/videos?status=all")
                .then().statusCode(200).extract().jsonPath().<String>getList("id").subList(0, 5));
        cached.forEach(video -> given().when().get("/api/videos/" + video).then().statusCode(200));
        List<String> uids = uids(course);
        double lostBefore = new CacheMetrics(registry).count("video.cache.invalidations.lost");

        given().when().delete("/api/courses/" + course).then().statusCode(204);

        assertEquals(lostBefore, new CacheMetrics(registry).count("video.cache.invalidations.lost"), "no invalidation lost");
        cached.forEach(video -> given().when().get("/api/videos/" + video).then().statusCode(404));
        given().when().get("/api/courses/" + course + "/videos?status=all").then().statusCode(200)
                .body("size()", equalTo(0));
        // every Cloudflare deletion was queued, and the background attempts carry them all out
        // (Cloudflare does not know these uids: a 404 counts as deleted)
        CacheMetrics.awaitTrue("the course's 3,000 Cloudflare deletions done", Duration.ofSeconds(60),
                () -> queuedDeletions(uids) == 0);
    }

    private static List<String> uids(String course) throws SQLException {
        List<String> uids = new ArrayList<>();
        try (Connection db = TestDatabase.connect();
                PreparedStatement select = db.prepareStatement("SELECT cloudflare_video_id FROM course_videos WHERE course_id = ?::uuid")) {
            select.setString(1, course);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    uids.add(rows.getString(1));
                }
            }
        }
        return uids;
    }

    /** Those of {@code uids} whose Cloudflare deletion is still queued. */
    private static long queuedDeletions(List<String> uids) {
        try (Connection db = TestDatabase.connect();
                PreparedStatement count = db.prepareStatement(
                        "SELECT count(*) FROM work_items WHERE kind = 'cloudflare.delete' AND key = ANY(?)")) {
            count.setArray(1, db.createArrayOf("text", uids.toArray()));
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
