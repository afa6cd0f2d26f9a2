package com.coursevideo.cloudflare;

import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;
import com.coursevideo.cache.CacheMetrics;
import com.coursevideo.dev.fake.StreamFake.Failure;
import com.coursevideo.dev.fake.StreamFake;
import com.coursevideo.video.UploadIntents;
import com.coursevideo.work.WorkItems;
import com.coursevideo.work.WorkQueue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/** Direct creator uploads: a Cloudflare upload slot and a queued video, or neither. */
@QuarkusTest
class UploadTest {

    final StreamFake fake = CloudflareFake.fake();

    @Inject
    WorkQueue work;


    private static final String CREATOR = "course-video-service/upload/";

    @BeforeEach
    void resetFake() {
        fake.reset();
    }

    static Map<String, Object> upload(String lesson) {
        Map<String, Object> body = new HashMap<>();
        body.put("lesson_id", lesson);
        body.put("title", "Uploaded " + lesson);
        body.put("max_duration_seconds", 600);
        return body;
    }

    static ValidatableResponse post(String course, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/api/courses/" + course + "/videos/uploads").then();
    }

    @Test
    void registersAQueuedVideoUnderTheUidCloudflareReturned() {
        String course = TestData.newCourse();
        Map<String, Object> body = upload("module-1/intro");
        body.put("description", "first words");
        body.put("require_signed_urls", true);
        var created = post(course, body).statusCode(201)
                .body("video.course_id", equalTo(course))
                .body("video.lesson_id", equalTo("module-1/intro"))
                .body("video.title", equalTo("Uploaded module-1/intro"))
                .body("video.description", equalTo("first words"))
                .body("video.status", equalTo("queued"))
                .body("video.require_signed_urls", equalTo(true))
                .body("upload_url", startsWith("http://127.0.0.1:"))
                .extract();
        String uid = created.path("video.cloudflare_video_id");
        assertEquals(fake.lastUploadUid(), uid);
        assertThat(created.header("Location"), endsWith("/api/videos/" + created.path("video.id")));
        OffsetDateTime expires = OffsetDateTime.parse(created.path("upload_expires_at"));
        assertTrue(expires.isAfter(OffsetDateTime.now().plusMinutes(29)) && expires.isBefore(OffsetDateTime.now().plusMinutes(31)));
        assertEquals(course, fake.meta(uid).get("course_id"));
        assertEquals("module-1/intro", fake.meta(uid).get("lesson_id"));
        assertTrue(fake.requiresSignedUrls(uid));
        given().when().get("/api/videos/" + created.path("video.id")).then().statusCode(200);
    }

    @Test
    void aRegisteredUploadLeavesNoIntentBehind() {
        var created = post(TestData.newCourse(), upload("intent")).statusCode(201).extract();
        String uid = created.path("video.cloudflare_video_id");
        String creator = fake.creator(uid);
        assertTrue(creator.startsWith(CREATOR), creator);
        assertEquals(0, intentsWithId(UUID.fromString(creator.substring(CREATOR.length()))));
    }

    @Test
    void aSlotLeftByARegistrationThatNeverHappenedIsDeleted() {
        // as the service leaves it when it dies between Cloudflare's answer and the insert
        UUID intent = dueIntent();
        String uid = fake.addUploadSlot(CREATOR + intent);
        work.runDue(UploadIntents.KIND).await().atMost(Duration.ofSeconds(30));
        CacheMetrics.awaitTrue("the orphaned slot is deleted at Cloudflare", Duration.ofSeconds(30), () -> !fake.has(uid));
        assertEquals(0, intentsWithId(intent));
    }

    @Test
    void aSlotWhoseVideoWasRegisteredIsKept() {
        UUID intent = dueIntent();
        String uid = fake.addUploadSlot(CREATOR + intent);
        Map<String, Object> body = TestData.video(TestData.newCourse(), "registered");
        body.put("cloudflare_video_id", uid);
        TestData.newVideo(body);
        work.runDue(UploadIntents.KIND).await().atMost(Duration.ofSeconds(30));
        assertTrue(fake.has(uid));
        assertEquals(0, intentsWithId(intent));
    }

    @Test
    void anIntentStaysWhileCloudflareCannotBeAsked() {
        work.runDue(UploadIntents.KIND).await().atMost(Duration.ofSeconds(30)); // earlier tests' intents out of the way
        UUID intent = dueIntent();
        String uid = fake.addUploadSlot(CREATOR + intent);
        fake.failNext(3, Failure.SERVER_ERROR, "list"); // the list call and its two retries
        work.runDue(UploadIntents.KIND).await().atMost(Duration.ofSeconds(30));
        assertTrue(fake.has(uid));
        assertEquals(1, intentsWithId(intent));
    }

    /** An intent recorded and due now. */
    private static UUID dueIntent() {
        UUID intent = UUID.randomUUID();
        WorkItems.request(UploadIntents.KIND, intent.toString());
        return intent;
    }

    private static long intentsWithId(UUID intent) {
        return WorkItems.queued(UploadIntents.KIND, intent.toString()) ? 1 : 0;
    }

    @Test
    void anUploadCarriesItsReleaseWindow() {
        Map<String, Object> body = upload("windowed");
        body.put("available_from", "2030-01-01T00:00:00Z");
        body.put("available_until", "2030-06-01T00:00:00Z");
        post(TestData.newCourse(), body).statusCode(201)
                .body("video.available_from", equalTo("2030-01-01T00:00:00Z"))
                .body("video.available_until", equalTo("2030-06-01T00:00:00Z"));
    }

    @Test
    void aBackwardsReleaseWindowIsRefusedBeforeCloudflareIsAsked() {
        String before = fake.lastUploadUid();
        Map<String, Object> body = upload("backwards");
        body.put("available_from", "2030-06-01T00:00:00Z");
        body.put("available_until", "2030-01-01T00:00:00Z");
        post(TestData.newCourse(), body).statusCode(400)
                .body("detail", equalTo("available_until must be later than available_from"));
        assertEquals(before, fake.lastUploadUid());
    }

    @Test
    void theUploadedVideoBecomesReadyThroughSync() throws Exception {
        String course = TestData.newCourse();
        Response created = post(course, upload("flow")).statusCode(201).extract().response();
        String id = created.path("video.id");
        // the admin's browser uploads the file to the one-time URL
        var client = java.net.http.HttpClient.newHttpClient();
        var sent = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(created.path("upload_url")))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("video bytes")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        assertEquals(200, sent.statusCode());
        CacheMetrics.awaitTrue("the fake finishes processing", Duration.ofSeconds(20), () -> "ready".equals(
                given().when().post("/api/videos/" + id + "/sync").then().statusCode(200).extract().path("status")));
        given().when().get("/api/videos/" + id).then().body("processing_progress", equalTo(100));
    }

    @Test
    void validatesTheBody() {
        String course = TestData.newCourse();
        for (Object maxDuration : new Object[] { 0, 21601, "600", 1.5 }) {
            Map<String, Object> body = upload("bad");
            body.put("max_duration_seconds", maxDuration);
            post(course, body).statusCode(400).body("code", equalTo("INVALID_INPUT"))
                    .body("detail", equalTo("max_duration_seconds must be an integer from 1 to 21600"));
        }
        Map<String, Object> missing = upload("bad");
        missing.remove("max_duration_seconds");
        post(course, missing).statusCode(400).body("detail", equalTo("max_duration_seconds is required"));
        Map<String, Object> blank = upload(" ");
        post(course, blank).statusCode(400).body("detail", equalTo("lesson_id must not be blank"));
        Map<String, Object> noTitle = upload("t");
        noTitle.remove("title");
        post(course, noTitle).statusCode(400).body("detail", equalTo("title is required"));
        post("not-a-uuid", upload("x")).statusCode(400).body("code", equalTo("INVALID_INPUT"));
        assertEquals(0, fake.requests("direct_upload"));
    }

    @Test
    void unknownCourseMakesNoUploadSlot() {
        post(UUID.randomUUID().toString(), upload("x")).statusCode(404).body("code", equalTo("COURSE_NOT_FOUND"));
        assertEquals(0, fake.requests("direct_upload"));
    }

    @Test
    void takenLessonMakesNoUploadSlot() {
        String course = TestData.newCourse();
        TestData.newVideo(TestData.video(course, "taken"));
        post(course, upload("taken")).statusCode(409).body("code", equalTo("DUPLICATE_VIDEO"));
        assertEquals(0, fake.requests("direct_upload"));
    }

    @Test
    void cloudflareFailureRegistersNothing() {
        String course = TestData.newCourse();
        fake.failNext(1, Failure.SERVER_ERROR, "direct_upload");
        post(course, upload("nothing")).statusCode(502).body("code", equalTo("CLOUDFLARE_ERROR"));
        assertEquals(1, fake.requests("direct_upload"), "a non-idempotent call is not retried");
        given().when().get("/api/courses/" + course + "/lessons/nothing/video").then().statusCode(404);
        fake.failNext(1, Failure.MALFORMED, "direct_upload");
        post(course, upload("nothing")).statusCode(502).body("code", equalTo("CLOUDFLARE_ERROR"));
        given().when().get("/api/courses/" + course + "/lessons/nothing/video").then().statusCode(404);
    }

    @Test
    void slotWhoseVideoCannotBeRegisteredIsDeletedAtCloudflare() throws Exception {
        String course = TestData.newCourse();
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<String> slot = fake.holdNextDirectUpload(release);
        CompletableFuture<Integer> uploading = CompletableFuture.supplyAsync(
                () -> post(course, upload("contested")).extract().statusCode());
        String uid = slot.get(20, TimeUnit.SECONDS);
        // the lesson is taken while Cloudflare makes the slot
        TestData.newVideo(TestData.video(course, "contested"));
        release.complete(null);

        assertEquals(409, uploading.get(20, TimeUnit.SECONDS));
        assertFalse(fake.has(uid), "the orphan slot is deleted");
    }
}
