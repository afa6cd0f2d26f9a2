package com.coursevideo.events;

import static com.coursevideo.AsAdmin.asLearner;
import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coursevideo.AsAdmin;
import com.coursevideo.TestData;
import com.coursevideo.access.TestTokens;
import com.coursevideo.access.Viewers;
import com.coursevideo.cache.CacheMetrics;
import com.coursevideo.caption.CaptionTest;
import com.coursevideo.cloudflare.CloudflareFake;
import com.coursevideo.database.TestDatabase;
import com.coursevideo.video.CloudflareDeletions;
import com.coursevideo.work.WorkItems;
import com.coursevideo.work.WorkQueue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
class EventsTest {

    private static final Duration ROUND = Duration.ofSeconds(30);

    @Inject
    WorkQueue work;

    @Inject
    Events events;

    @Inject
    Pool pool;

    private final PlatformEndpoints endpoints = new PlatformEndpoints();

    @BeforeEach
    void noEndpointsOfOtherTests() throws SQLException {
        // endpoints subscribe to every video of the service: a test's own are the only ones
        try (Connection db = TestDatabase.connect(); PreparedStatement delete = db.prepareStatement("DELETE FROM webhook_endpoints")) {
            delete.executeUpdate();
        }
    }

    @AfterEach
    void closeEndpoints() throws Exception {
        endpoints.close();
    }

    @Test
    void createShowsTheSecretOnceAndNeverAgain() throws Exception {
        Receiver platform = endpoints.receiver();
        Response created = given().contentType(ContentType.JSON)
                .body(Map.of("url", platform.url(), "events", List.of("video.ready", "caption.ready"), "description", "LMS"))
                .when().post("/api/admin/webhooks")
                .then().statusCode(201)
                .body("secret", matchesPattern("whsec_[A-Za-z0-9+/]{43}="))
                .body("disabled", equalTo(false))
                .body("events", equalTo(List.of("video.ready", "caption.ready")))
                .extract().response();
        String id = created.path("id");
        endpoints.added(id);
        assertTrue(created.header("Location").endsWith("/api/admin/webhooks/" + id));
        given().when().get("/api/admin/webhooks/" + id).then().statusCode(200)
                .body("url", equalTo(platform.url())).body("$", not(org.hamcrest.Matchers.hasKey("secret")));
        given().when().get("/api/admin/webhooks").then().statusCode(200)
                .body("id", hasItem(id)).body("findAll { it.secret != null }.size()", equalTo(0));
    }

    @Test
    void refusesUnknownTypesUnresolvableHostsAndLearners() {
        given().contentType(ContentType.JSON).body(Map.of("url", "http://127.0.0.1:9/x", "events", List.of("video.exploded")))
                .when().post("/api/admin/webhooks").then().statusCode(400).body("code", equalTo("INVALID_INPUT"));
        given().contentType(ContentType.JSON).body(Map.of("url", "https://no-such-host.invalid/x", "events", List.of("video.ready")))
                .when().post("/api/admin/webhooks").then().statusCode(400).body("detail", matchesPattern(".*does not resolve.*"));
        given().contentType(ContentType.JSON).body(Map.of("url", "ftp://example.com/x", "events", List.of("video.ready")))
                .when().post("/api/admin/webhooks").then().statusCode(400);
        asLearner().contentType(ContentType.JSON).body(Map.of("url", "http://127.0.0.1:9/x", "events", List.of("video.ready")))
                .when().post("/api/admin/webhooks").then().statusCode(403);
        given().when().get("/api/admin/webhooks/" + UUID.randomUUID()).then().statusCode(404)
                .body("code", equalTo("WEBHOOK_NOT_FOUND"));
        given().when().post("/api/admin/webhooks/" + UUID.randomUUID() + "/deliveries/" + UUID.randomUUID() + "/redeliver")
                .then().statusCode(404).body("code", equalTo("WEBHOOK_NOT_FOUND"));
    }

    @Test
    void aVideoThatBecomesReadyIsDeliveredSignedAsStandardWebhooksSays() throws Exception {
        Receiver platform = endpoints.receiver();
        Response endpoint = endpoints.register(platform.url(), "video.ready");
        String course = TestData.newCourse();
        String video = TestData.newVideo(TestData.video(course, "lesson-1"));
        patchStatus(video, "inprogress");
        patchStatus(video, "ready");
        deliverDue();

        Receiver.Received delivery = platform.await(1, ROUND).get(0);
        JsonObject event = delivery.event();
        assertEquals("video.ready", event.getString("type"));
        assertEquals(video, event.getJsonObject("data").getString("id"));
        assertEquals("ready", event.getJsonObject("data").getString("status"));
        assertEquals(delivery.headers().get("webhook-id"), event.getString("id"));
        assertNotNull(event.getString("occurred_at"));

        JsonObject verified = PlatformVerifier.verify(endpoint.path("secret"), delivery.headers(), delivery.body());
        assertTrue(verified.getBoolean("verified"), verified.encode());
        assertEquals(video, verified.getJsonObject("payload").getJsonObject("data").getString("id"));
        JsonObject forged = PlatformVerifier.verify(endpoint.path("secret"), delivery.headers(),
                delivery.body().replace("\"ready\"", "\"error\""));
        assertFalse(forged.getBoolean("verified"), "a changed body does not verify");

        given().when().get("/api/admin/webhooks/" + endpoint.path("id") + "/deliveries").then().statusCode(200)
                .body("[0].event_id", equalTo(event.getString("id")))
                .body("[0].type", equalTo("video.ready"))
                .body("[0].status", equalTo("delivered"))
                .body("[0].attempts", equalTo(1))
                .body("[0].last_status", equalTo(200))
                .body("[0].next_attempt_at", nullValue());
    }

    @Test
    void errorsDeletionsAndCaptionsAreEventsOnlyForTheirSubscribers() throws Exception {
        Receiver videos = endpoints.receiver();
        Receiver captions = endpoints.receiver();
        endpoints.register(videos.url(), "video.error", "video.deleted");
        endpoints.register(captions.url(), "caption.ready");
        String course = TestData.newCourse();
        String failed = TestData.newVideo(TestData.video(course, "fails"));
        String captioned = TestData.readyVideo(course, "captioned",
                Map.of("cloudflare_video_id", CloudflareFake.fake().addVideo("ready")));
        patchStatus(failed, "error");
        given().contentType("text/vtt").body(CaptionTest.VTT).when().put("/api/videos/" + captioned + "/captions/en")
                .then().statusCode(200);
        given().when().delete("/api/videos/" + failed + "?delete_from_cloudflare=false").then().statusCode(204);
        deliverDue();

        List<String> videoEvents = videos.await(2, ROUND).stream().map(received -> received.event().getString("type")
                + " " + received.event().getJsonObject("data").getString("id")).sorted().toList();
        assertEquals(List.of("video.deleted " + failed, "video.error " + failed), videoEvents);
        JsonObject caption = captions.await(1, ROUND).get(0).event();
        assertEquals("caption.ready", caption.getString("type"));
        assertEquals(captioned, caption.getJsonObject("data").getString("video_id"));
        assertEquals("en", caption.getJsonObject("data").getString("language"));
        assertEquals(1, captions.received().size(), "the ready video of the course was created ready, not a caption");
    }

    @Test
    void aLearnerCompletingAVideoIsOneProgressCompletedEvent() throws Exception {
        Receiver platform = endpoints.receiver();
        endpoints.register(platform.url(), "progress.completed");
        String course = TestData.newCourse();
        String video = TestData.readyVideo(course, "lesson-1", Map.of("duration", 20));
        String sub = "learner-" + UUID.randomUUID();
        String token = TestTokens.sign(TestTokens.claims().subject(sub).groups("student")
                .claim(Viewers.COURSES_CLAIM, List.of(course)));
        heartbeat(token, video, 18);
        CacheMetrics.awaitTrue("the heartbeat is merged: the video is completed", ROUND, () -> AsAdmin.withToken(token)
                .when().get("/api/videos/" + video + "/progress").then().extract().<Boolean> path("completed"));
        String completedAt = AsAdmin.withToken(token).when().get("/api/videos/" + video + "/progress").then()
                .extract().path("completed_at");
        deliverDue();

        JsonObject event = platform.await(1, ROUND).get(0).event();
        assertEquals("progress.completed", event.getString("type"));
        JsonObject data = event.getJsonObject("data");
        assertEquals(video, data.getString("video_id"));
        assertEquals(course, data.getString("course_id"));
        assertEquals(sub, data.getString("learner"));
        assertEquals(java.time.OffsetDateTime.parse(completedAt).toInstant(),
                java.time.OffsetDateTime.parse(data.getString("completed_at")).toInstant());

        // watching on after completion completes nothing again
        heartbeat(token, video, 20);
        CacheMetrics.awaitTrue("the second heartbeat is merged", ROUND, () -> AsAdmin.withToken(token)
                .when().get("/api/videos/" + video + "/progress").then().extract().<Number> path("position").doubleValue() == 20);
        deliverDue();
        assertEquals(1, platform.received().size(), "one event per completion");
    }

    @Test
    void anEventOfAChangeTwoWritersSawIsRecordedOnce() throws Exception {
        Receiver platform = endpoints.receiver();
        endpoints.register(platform.url(), "progress.completed");
        Once completion = new Once("a video\na learner\n" + UUID.randomUUID());
        for (int writer = 0; writer < 2; writer++) {
            pool.withTransaction(connection -> events.record(connection, Events.PROGRESS_COMPLETED, completion))
                    .await().atMost(ROUND);
        }
        deliverDue();
        platform.await(1, ROUND);
        deliverDue();
        assertEquals(1, platform.received().size(), "one event, one delivery: " + platform.received());
    }

    /** Data of an event that happens once. */
    record Once(String key) implements Events.Identified {

        @Override
        public String eventKey() {
            return key;
        }
    }

    private static void heartbeat(String token, String video, double position) {
        AsAdmin.withToken(token).contentType(ContentType.JSON)
                .body(Map.of("position", position, "watched", List.of(List.of(0, position))))
                .when().put("/api/videos/" + video + "/progress").then().statusCode(204);
    }

    @Test
    void anEventIsRecordedWithItsTransactionOrNotAtAll() throws Exception {
        Receiver platform = endpoints.receiver();
        endpoints.register(platform.url(), "progress.completed");
        Map<String, Object> completed = Map.of("video_id", UUID.randomUUID().toString(), "course_id",
                UUID.randomUUID().toString(), "learner", "learner-1", "completed_at", "2026-12-07T05:00:00Z");
        try {
            pool.withTransaction(connection -> events.record(connection, Events.PROGRESS_COMPLETED, Map.of("learner", "rolled-back"))
                    .chain(() -> io.smallrye.mutiny.Uni.createFrom().failure(new IllegalStateException("the change failed"))))
                    .await().atMost(ROUND);
        } catch (IllegalStateException expected) {
            // the transaction rolled back, and its event with it
        }
        pool.withTransaction(connection -> events.record(connection, Events.PROGRESS_COMPLETED, completed)).await().atMost(ROUND);
        deliverDue();

        List<Receiver.Received> received = platform.await(1, ROUND);
        assertEquals(1, received.size(), "only the committed event");
        JsonObject data = received.get(0).event().getJsonObject("data");
        assertEquals("learner-1", data.getString("learner"));
        assertEquals(completed.get("video_id"), data.getString("video_id"));
    }

    @Test
    void aFailedAttemptIsRetriedAfterAboutFiveSecondsThenDelivered() throws Exception {
        Receiver platform = endpoints.receiver();
        platform.answer(503);
        String endpoint = endpoints.register(platform.url(), "video.ready").path("id");
        TestData.readyVideo(TestData.newCourse(), "retried", Map.of());
        deliverDue();
        platform.await(1, ROUND);

        Response log = given().when().get("/api/admin/webhooks/" + endpoint + "/deliveries").then().statusCode(200)
                .body("[0].status", equalTo("pending")).body("[0].attempts", equalTo(1)).body("[0].last_status", equalTo(503))
                .body("[0].next_attempt_at", not(nullValue()))
                .extract().response();
        String delivery = log.path("[0].id");
        dueAgainInAboutFiveSeconds(delivery);

        platform.answer(204);
        triedAgainNow(platform, delivery, 2);
        given().when().get("/api/admin/webhooks/" + endpoint + "/deliveries").then().statusCode(200)
                .body("[0].status", equalTo("delivered")).body("[0].attempts", equalTo(2)).body("[0].last_status", equalTo(204));
        assertFalse(WorkItems.queued(WebhookDeliveries.KIND, delivery));
    }

    @Test
    void theBackoffGrowsToSixHoursGivesUpAfterThreeDaysAndStartsOverWhenRedelivered() throws Exception {
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(6), Duration.ofHours(6)),
                List.of(1, 2, 3, 4, 5, 6, 20).stream().map(WebhookDeliveries::retryAfter).toList());

        Receiver platform = endpoints.receiver();
        platform.answer(500);
        String endpoint = endpoints.register(platform.url(), "video.ready").path("id");
        TestData.readyVideo(TestData.newCourse(), "given-up", Map.of());
        // the delivery started 3 days ago less a minute: the next wait (5 s) still fits, the one after does not
        backdateDeliveries(endpoint, "3 days", "+ interval '1 minute'");
        deliverDue();
        String delivery = given().when().get("/api/admin/webhooks/" + endpoint + "/deliveries").then()
                .body("[0].status", equalTo("pending")).extract().path("[0].id");
        backdateDeliveries(endpoint, "3 days", "");
        WorkItems.makeDue(WebhookDeliveries.KIND, delivery);
        deliverDue();
        given().when().get("/api/admin/webhooks/" + endpoint + "/deliveries").then().statusCode(200)
                .body("[0].status", equalTo("failed")).body("[0].attempts", equalTo(2)).body("[0].next_attempt_at", nullValue());
        assertFalse(WorkItems.queued(WebhookDeliveries.KIND, delivery));

        // redelivered, and still failing: retried in about 5 s again, not after the wait its 2 attempts had reached
        given().when().post("/api/admin/webhooks/" + endpoint + "/deliveries/" + delivery + "/redeliver").then().statusCode(202)
                .body("status", equalTo("pending"));
        deliverDue();
        platform.await(3, ROUND);
        given().when().get("/api/admin/webhooks/" + endpoint + "/deliveries").then()
                .body("[0].status", equalTo("pending")).body("[0].attempts", equalTo(3));
        dueAgainInAboutFiveSeconds(delivery);

        platform.answer(200);
        triedAgainNow(platform, delivery, 4);
        given().when().get("/api/admin/webhooks/" + endpoint + "/deliveries").then()
                .body("[0].status", equalTo("delivered")).body("[0].attempts", equalTo(4));
    }

    @Test
    void anEndpointAnswering410IsDisabled() throws Exception {
        Receiver platform = endpoints.receiver();
        platform.answer(410);
        String endpoint = endpoints.register(platform.url(), "video.ready").path("id");
        String course = TestData.newCourse();
        TestData.readyVideo(course, "gone-1", Map.of());
        deliverDue();
        platform.await(1, ROUND);
        given().when().get("/api/admin/webhooks/" + endpoint).then().statusCode(200)
                .body("disabled", equalTo(true)).body("disabled_reason", matchesPattern(".*410.*"));
        given().when().get("/api/admin/webhooks/" + endpoint + "/deliveries").then().body("[0].status", equalTo("failed"));

        TestData.readyVideo(course, "gone-2", Map.of());
        deliverDue();
        assertEquals(1, platform.received().size(), "nothing more is sent to a disabled endpoint");
        given().when().get("/api/admin/webhooks/" + endpoint + "/deliveries").then().body("size()", equalTo(1));
    }

    @Test
    void aRotatedSecretKeepsSigningBesideTheNewOne() throws Exception {
        Receiver platform = endpoints.receiver();
        Response endpoint = endpoints.register(platform.url(), "video.ready");
        String before = endpoint.path("secret");
        String after = given().when().post("/api/admin/webhooks/" + endpoint.path("id") + "/rotate-secret").then().statusCode(200)
                .body("secret", matchesPattern("whsec_.*")).extract().path("secret");
        assertFalse(before.equals(after));
        TestData.readyVideo(TestData.newCourse(), "rotated", Map.of());
        deliverDue();

        Receiver.Received delivery = platform.await(1, ROUND).get(0);
        assertEquals(2, delivery.headers().get("webhook-signature").split(" ").length);
        for (String secret : List.of(before, after)) {
            JsonObject verified = PlatformVerifier.verify(secret, delivery.headers(), delivery.body());
            assertTrue(verified.getBoolean("verified"), verified.encode());
        }
        JsonObject stranger = PlatformVerifier.verify(WebhookSecret.generate(), delivery.headers(), delivery.body());
        assertFalse(stranger.getBoolean("verified"));
    }

    @Test
    void aHangingEndpointDelaysNeitherOtherEndpointsNorTheApiNorDeletions() throws Exception {
        int videos = 12;
        PlatformEndpoints.HangingBesidePrompt scene = endpoints.hangingBesidePrompt(videos);
        HangingEndpoint hanging = scene.hanging();
        Receiver prompt = scene.prompt();

        // made before the round, so that only the deletion itself runs beside it (a loaded machine is slow)
        String uid = CloudflareFake.fake().addVideo("ready");
        String doomed = scene.doomedVideo(uid);

        CompletableFuture<WorkQueue.Round> round = work.runDue(WebhookDeliveries.KIND).subscribeAsCompletionStage();
        prompt.await(videos, ROUND);
        assertTrue(hanging.open() > 0 && !round.isDone(),
                "the prompt endpoint had every event while the hanging one still held deliveries");
        // meanwhile the API answers, and a deletion goes through the queue to Cloudflare
        given().when().get("/api/videos/" + doomed).then().statusCode(200);
        given().when().delete("/api/videos/" + doomed).then().statusCode(204);
        work.runDue(CloudflareDeletions.KIND).await().atMost(ROUND);
        assertFalse(CloudflareFake.fake().has(uid), "the deletion reached Cloudflare");
        assertFalse(WorkItems.queued(CloudflareDeletions.KIND, uid));
        assertFalse(round.isDone(), "... while the hanging endpoint still held its deliveries");

        WorkQueue.Round finished = round.get(60, TimeUnit.SECONDS);
        assertTrue(hanging.mostAtOnce() <= 4, "one endpoint holds at most 4 deliveries at once, held " + hanging.mostAtOnce());
        assertTrue(finished.failed() > 0, "the hanging endpoint's attempts failed by their timeout");
        CacheMetrics.awaitTrue("the service closes what it held open", ROUND, () -> hanging.open() == 0);
    }

    @Test
    void aStuckEndpointsDeliveriesInALaterBatchAreGivenBackUntried() throws Exception {
        WorkItems.dropAll(WebhookDeliveries.KIND); // other tests' deliveries would be worked in the rounds counted here
        PlatformEndpoints.HangingBesidePrompt scene = endpoints.hangingBesidePrompt(6);
        List<String> later = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            later.add(TestData.readyVideo(scene.course(), "later-" + i, Map.of()));
        }
        List<String> laterToHanging = deliveries(later, scene.hanging().url());
        List<String> laterToAll = deliveries(later, null);
        laterToAll.forEach(job -> WorkItems.heldElsewhere(WebhookDeliveries.KIND, job, 3600)); // not in the first round

        CompletableFuture<WorkQueue.Round> first = work.runDue(WebhookDeliveries.KIND).subscribeAsCompletionStage();
        scene.prompt().await(6, ROUND);
        // the hanging endpoint holds 4 of its 6; the other 2 are put back once it counts as stuck
        List<String> firstToHanging = new ArrayList<>(deliveries(List.of(), scene.hanging().url()));
        firstToHanging.removeAll(laterToHanging);
        CacheMetrics.awaitTrue("2 deliveries to the stuck endpoint put back", ROUND, () -> putBack(firstToHanging) == 2);

        // a batch claimed now: the stuck endpoint's are given back unworked, the prompt endpoint's delivered
        laterToAll.forEach(job -> WorkItems.makeDue(WebhookDeliveries.KIND, job));
        WorkQueue.Round second = work.runDue(WebhookDeliveries.KIND).await().atMost(ROUND);
        assertEquals(new WorkQueue.Round(3, 0), second, "only the prompt endpoint's 3 were worked");
        assertFalse(first.isDone(), "... while the hanging endpoint still held its 4");
        assertEquals(3, putBack(laterToHanging), "due again in 15 to 30 s, held by nobody");
        for (String job : laterToHanging) {
            assertEquals(0, attempts(job), "no attempt was made");
        }
        first.get(60, TimeUnit.SECONDS);
    }

    // ---- helpers

    /** The delivery jobs of the events about these videos (all when empty), to the endpoint of that URL (any when null). */
    private static List<String> deliveries(List<String> videos, String url) throws SQLException {
        try (Connection db = TestDatabase.connect(); PreparedStatement query = db.prepareStatement("SELECT d.id::text"
                + " FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id JOIN webhook_endpoints w ON w.id = d.endpoint_id"
                + " WHERE (cardinality(?::text[]) = 0 OR e.body::jsonb -> 'data' ->> 'id' = ANY(?::text[]))"
                + " AND (?::text IS NULL OR w.url = ?)")) {
            Array ids = db.createArrayOf("text", videos.toArray());
            query.setArray(1, ids);
            query.setArray(2, ids);
            query.setString(3, url);
            query.setString(4, url);
            List<String> jobs = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    jobs.add(rows.getString(1));
                }
            }
            return jobs;
        }
    }

    /** How many of the delivery jobs are put back: held by no instance, due again in 15 to 30 s. */
    private static long putBack(List<String> jobs) {
        try (Connection db = TestDatabase.connect(); PreparedStatement query = db.prepareStatement("SELECT count(*) FROM work_items"
                + " WHERE kind = ? AND key = ANY(?::text[]) AND lease_owner IS NULL"
                + " AND due_at BETWEEN clock_timestamp() + interval '10 seconds' AND clock_timestamp() + interval '30 seconds'")) {
            query.setString(1, WebhookDeliveries.KIND);
            query.setArray(2, db.createArrayOf("text", jobs.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long attempts(String delivery) throws SQLException {
        try (Connection db = TestDatabase.connect();
                PreparedStatement query = db.prepareStatement("SELECT attempts FROM webhook_deliveries WHERE id = ?::uuid")) {
            query.setString(1, delivery);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getLong(1) : -1;
            }
        }
    }


    @Test
    void aClaimedBatchIsReadByIndexEvenWhereTheTablesLookSmall() throws Exception {
        endpoints.register(endpoints.receiver().url(), "video.ready");
        List<Map<String, String>> data = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            data.add(Map.of("id", UUID.randomUUID().toString()));
        }
        events.recordAll(pool, Events.VIDEO_READY, data).await().atMost(ROUND);
        UUID[] batch;
        try (Connection db = TestDatabase.connect()) {
            // statistics that call the tables small: a plain join of them was planned as whole-table scans
            db.createStatement().execute("ANALYZE webhook_deliveries, webhook_events, webhook_endpoints");
            ResultSet rows = db.createStatement().executeQuery(
                    "SELECT array_agg(id) FROM (SELECT id FROM webhook_deliveries WHERE delivered_at IS NULL LIMIT 100) d");
            rows.next();
            batch = (UUID[]) rows.getArray(1).getArray();
        }

        JsonArray explained = (JsonArray) pool.preparedQuery("EXPLAIN (FORMAT JSON) " + Events.PENDING).execute(Tuple.of(batch))
                .await().atMost(ROUND).iterator().next().getValue(0);
        List<String> scans = new ArrayList<>();
        scanned(explained.getJsonObject(0).getJsonObject("Plan"), scans);
        assertTrue(scans.contains("Index Scan webhook_deliveries"), scans.toString());
        assertTrue(scans.contains("Index Scan webhook_events"), scans.toString());
        assertFalse(scans.contains("Seq Scan webhook_deliveries") || scans.contains("Seq Scan webhook_events"), scans.toString());
        assertEquals(100, events.pending(List.of(batch)).await().atMost(ROUND).size());
    }

    /** Each node of the plan that reads a table: its type and the table. */
    private static void scanned(JsonObject node, List<String> scans) {
        if (node.containsKey("Relation Name")) {
            scans.add(node.getString("Node Type") + " " + node.getString("Relation Name"));
        }
        JsonArray children = node.getJsonArray("Plans", new JsonArray());
        for (int i = 0; i < children.size(); i++) {
            scanned(children.getJsonObject(i), scans);
        }
    }

    private static void patchStatus(String video, String status) {
        given().contentType(ContentType.JSON).body(Map.of("status", status)).when().patch("/api/videos/" + video)
                .then().statusCode(200);
    }

    private void deliverDue() {
        work.runDue(WebhookDeliveries.KIND).await().atMost(ROUND);
    }

    /** The delivery's next try is due in about 5 s: the first wait of its backoff. */
    private static void dueAgainInAboutFiveSeconds(String delivery) {
        long dueIn = WorkItems.secondsUntilDue(WebhookDeliveries.KIND, delivery);
        assertTrue(dueIn > 0 && dueIn <= 5, "the next try is about 5 s away, not " + dueIn);
    }

    /** The delivery tried again now, after which the platform has had {@code received} deliveries in all. */
    private void triedAgainNow(Receiver platform, String delivery, int received) throws Exception {
        WorkItems.makeDue(WebhookDeliveries.KIND, delivery);
        deliverDue();
        assertEquals(received, platform.await(received, ROUND).size());
    }

    private static void backdateDeliveries(String endpoint, String interval, String adjust) throws SQLException {
        try (Connection db = TestDatabase.connect(); PreparedStatement update = db.prepareStatement(
                "UPDATE webhook_deliveries SET started_at = clock_timestamp() - interval '" + interval + "' " + adjust
                        + " WHERE endpoint_id = ?::uuid")) {
            update.setString(1, endpoint);
            update.executeUpdate();
        }
    }
}
