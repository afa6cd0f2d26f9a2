package com.coursevideo.progress;

import static com.coursevideo.progress.Learners.stretch;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coursevideo.AsAdmin;
import com.coursevideo.PackagedService;
import com.coursevideo.access.TestTokens;
import com.coursevideo.cache.CacheMetrics;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Learner progress across replicas of the packaged service (the jar, or the native executable
 * with {@code -Dnative}), each a process of its own on one database and one Redis: one learner's
 * heartbeats spread over two instances and out of order, and a graceful stop of the instance that
 * acknowledged heartbeats no other instance flushes.
 */
class ProgressReplicasIT {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final Duration START = Duration.ofSeconds(90);

    private final String database = "coursevideo_progress_" + UUID.randomUUID().toString().replace("-", "");
    private final String keys = "cv-it-" + UUID.randomUUID() + ":";

    @BeforeEach
    void emptyDatabase() throws Exception {
        execute("CREATE DATABASE " + database);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    @Test
    void heartbeatsOutOfOrderAtTwoInstancesMakeTheSameCoverage() throws Exception {
        try (PackagedService a = start(Map.of("PROGRESS_FLUSH_INTERVAL", "1S"));
                PackagedService b = start(Map.of("PROGRESS_FLUSH_INTERVAL", "1S"))) {
            String course = admin(a).contentType(ContentType.JSON).body(Map.of("title", "Replicas"))
                    .post("/api/courses").then().statusCode(201).extract().path("id");
            String video = admin(a).contentType(ContentType.JSON).body(Map.of("course_id", course, "lesson_id", "one",
                    "cloudflare_video_id", UUID.randomUUID().toString().replace("-", ""), "title", "One",
                    "status", "ready", "duration", 100)).post("/api/videos").then().statusCode(201).extract().path("id");
            Learners learner = Learners.enrolled(course);

            // as the player sent them: [0, 8], [8, 16], [16, 24], [30, 35] (each within any heartbeat's 10 s
            // allowance); they arrive in another order, at both instances
            heartbeat(b, learner, video, 24, stretch(16, 24)).statusCode(204);
            heartbeat(a, learner, video, 35, stretch(30, 35)).statusCode(204);
            heartbeat(a, learner, video, 16, stretch(8, 16)).statusCode(204);
            heartbeat(b, learner, video, 8, stretch(0, 8)).statusCode(204);

            for (PackagedService instance : List.of(a, b)) {
                CacheMetrics.awaitTrue(() -> "[0, 24) ∪ [30, 35) read: " + fraction(instance, learner, video),
                        Duration.ofSeconds(30),
                        () -> fraction(instance, learner, video) == 0.29f);
            }
            // the position is the one of the heartbeat received last
            asLearner(a, learner).get("/api/videos/" + video + "/progress").then().body("position", equalTo(8f));
        }
    }

    @Test
    void aGracefulStopLeavesWhatTheInstanceAcknowledgedInPostgres() throws Exception {
        String video;
        String sub;
        // nothing flushes but the stop: an hourly flush, and no work-queue rounds
        try (PackagedService only = start(Map.of("PROGRESS_FLUSH_INTERVAL", "1H", "VIDEO_WORK_POLL_INTERVAL", "off"))) {
            String course = admin(only).contentType(ContentType.JSON).body(Map.of("title", "Stop"))
                    .post("/api/courses").then().statusCode(201).extract().path("id");
            video = admin(only).contentType(ContentType.JSON).body(Map.of("course_id", course, "lesson_id", "one",
                    "cloudflare_video_id", UUID.randomUUID().toString().replace("-", ""), "title", "One",
                    "status", "ready", "duration", 100)).post("/api/videos").then().statusCode(201).extract().path("id");
            Learners learner = Learners.enrolled(course);
            sub = learner.sub();
            heartbeat(only, learner, video, 6, stretch(0, 6)).statusCode(204);
            for (int i = 0; i < 20; i++) {
                heartbeat(only, Learners.enrolled(course), video, 3, stretch(0, 3)).statusCode(204);
            }
            assertEquals(0, rows(video, null), "acknowledged, not flushed yet");

            OptionalInt exit = only.stop(Duration.ofSeconds(60));
            // a JVM stopped by SIGTERM exits with 128 + 15
            assertTrue(exit.isPresent() && (exit.getAsInt() == 0 || exit.getAsInt() == 143), exit + ": " + only.output());
            assertTrue(only.output().contains("learner progress flushed before stopping: 21 heartbeats"), only.output());
        }
        assertEquals(21, rows(video, null));
        assertEquals(1, rows(video, sub));
    }

    private PackagedService start(Map<String, String> settings) throws Exception {
        Map<String, String> environment = new HashMap<>(settings);
        environment.putAll(Map.of(
                "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/" + database,
                "QUARKUS_DATASOURCE_JDBC_URL", SERVER + database,
                "QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:6379/" + System.getenv().getOrDefault("TEST_REDIS_DB", "0"),
                "VIDEO_CACHE_KEY_PREFIX", keys,
                "PROGRESS_KEY_PREFIX", keys + "progress:",
                "VIDEO_SYNC_ENABLED", "false",
                "QUARKUS_SHUTDOWN_DELAY", "0S",
                "MP_JWT_VERIFY_PUBLICKEY", TestTokens.publicKeyPem(),
                "MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER,
                "MP_JWT_VERIFY_AUDIENCES", TestTokens.AUDIENCE));
        environment.putAll(PackagedService.unreachableCloudflare());
        PackagedService service = PackagedService.start(environment);
        assertTrue(service.awaitOutput("started in", START), service.output());
        return service;
    }

    private static io.restassured.response.ValidatableResponse heartbeat(PackagedService instance, Learners learner,
            String video, double position, double[]... watched) throws Exception {
        return asLearner(instance, learner).contentType(ContentType.JSON)
                .body(Map.of("position", position, "watched", List.of(watched)))
                .put("/api/videos/" + video + "/progress").then();
    }

    private static float fraction(PackagedService instance, Learners learner, String video) {
        try {
            return asLearner(instance, learner).get("/api/videos/" + video + "/progress").then().statusCode(200)
                    .extract().jsonPath().getFloat("watched_fraction");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RequestSpecification asLearner(PackagedService instance, Learners learner) throws Exception {
        return learner.given().port(instance.apiPort());
    }

    private static RequestSpecification admin(PackagedService instance) throws Exception {
        return AsAdmin.given().port(instance.apiPort());
    }

    private int rows(String video, String learner) throws Exception {
        try (Connection db = DriverManager.getConnection(SERVER + database, "postgres", "");
                PreparedStatement count = db.prepareStatement("SELECT count(*) FROM learner_progress WHERE video_id = ?::uuid"
                        + (learner == null ? "" : " AND learner = ?"))) {
            count.setString(1, video);
            if (learner != null) {
                count.setString(2, learner);
            }
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    private static void execute(String sql) throws Exception {
        try (Connection server = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                var statement = server.createStatement()) {
            statement.execute(sql);
        }
    }
}
