package com.coursevideo.ops;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.coursevideo.Commands;
import com.coursevideo.PackagedService;
import com.coursevideo.TestCertificates;
import com.coursevideo.access.TestTokens;
import com.coursevideo.cache.RedisProcess;
import com.coursevideo.database.PrivatePostgres;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The packaged service with the shipped ConfigMap's settings (hosts and the CA mount swapped for
 * local ones) against what docs/security.md asks the operator to set up: a PostgreSQL that takes
 * TLS connections only, with the roles of docs/database-roles.sql, and a Redis reached over TLS
 * only, as the ACL user of docs/redis-acl.conf. The init container's step migrates as the migration
 * role; the service then serves as its own role, fills the cache, and that role cannot change the
 * schema.
 */
class DeploymentSettingsIT {

    private static final String MOUNTED_CA = "/etc/course-video-service/ca/";
    private static final String MIGRATION_PASSWORD = "migration-" + UUID.randomUUID();
    private static final String SERVICE_PASSWORD = "service-" + UUID.randomUUID();
    private static final String REDIS_PASSWORD = "redis-" + UUID.randomUUID();

    private static PrivatePostgres postgres;
    private static Map<String, String> postgresSettings;
    private static Path redisDir;
    private static int redisPort;
    private static int redisTlsPort;
    private static Path caDir;
    private static Path publicKey;
    private static Map<String, String> configMap;

    @BeforeAll
    static void backends() throws Exception {
        configMap = GeneratedManifests.read().one(ConfigMap.class).getData();
        caDir = Files.createTempDirectory("deployment-ca");
        // the platform's key where the pod would have its JWKS URL
        publicKey = Files.writeString(caDir.resolve("platform-key.pem"), TestTokens.publicKeyPem());

        postgres = new PrivatePostgres();
        postgres.init(Map.of(PrivatePostgres.TLS, "true"));
        postgresSettings = postgres.start();
        Files.copy(Path.of(postgresSettings.get("quarkus.datasource.reactive.trust-certificate-pem.certs")),
                caDir.resolve("postgres-ca.crt"));
        String dataDir = postgresSettings.get(PrivatePostgres.DATA_DIR);
        Path roles = Path.of(dataDir, "database-roles.sql");
        Files.copy(Path.of("docs", "database-roles.sql"), roles);
        PrivatePostgres.psql(dataDir, port(), "-d", "postgres", "-v", "ON_ERROR_STOP=1",
                "-v", "migration_password=" + MIGRATION_PASSWORD, "-v", "service_password=" + SERVICE_PASSWORD,
                "-f", roles.toString());

        redisDir = Files.createTempDirectory("deployment-redis");
        TestCertificates redisTls = TestCertificates.forLoopback(redisDir, caDir.resolve("redis-ca.crt"));
        Path acl = redisDir.resolve("users.acl");
        Files.writeString(acl, Files.readString(Path.of("docs", "redis-acl.conf"))
                .replace(">change-this-password", ">" + REDIS_PASSWORD));
        redisPort = RedisProcess.freePort();
        do {
            redisTlsPort = RedisProcess.freePort();
        } while (redisTlsPort == redisPort);
        // the plain port is the test's own (the service is given the TLS port only)
        RedisProcess.start(redisDir, redisPort, "--tls-port", Integer.toString(redisTlsPort),
                "--tls-cert-file", redisTls.certificate().toString(), "--tls-key-file", redisTls.key().toString(),
                "--tls-ca-cert-file", redisTls.ca().toString(), "--tls-auth-clients", "no", "--aclfile", acl.toString());
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.stop();
        }
        if (redisDir != null) {
            RedisProcess.kill(redisDir, redisPort);
        }
    }

    @Test
    void theServiceRunsAsARoleThatCannotChangeTheSchema() throws Exception {
        Map<String, String> migration = settings();
        migration.put("QUARKUS_DATASOURCE_USERNAME", "coursevideo_migration");
        migration.put("QUARKUS_DATASOURCE_PASSWORD", MIGRATION_PASSWORD);
        try (PackagedService migrate = PackagedService.start(migration, "migrate")) {
            assertEquals(OptionalInt.of(0), migrate.awaitExit(Duration.ofSeconds(90)), migrate.output());
        }

        Map<String, String> serving = settings();
        serving.put("QUARKUS_DATASOURCE_PASSWORD", SERVICE_PASSWORD);
        serving.put("QUARKUS_REDIS_HOSTS", "rediss://course-video-service:" + REDIS_PASSWORD + "@127.0.0.1:" + redisTlsPort);
        try (PackagedService service = PackagedService.start(serving)) {
            assertTrue(service.awaitOutput("started in", Duration.ofSeconds(60)), service.output());
            int api = service.apiPort();
            RestAssured.given().port(service.managementPort()).get("/q/health/ready").then().statusCode(200);

            String course = admin(api).contentType("application/json").body(Map.of("title", "Deployment"))
                    .post("/api/courses").then().statusCode(201).extract().path("id");
            String video = admin(api).contentType("application/json").body(Map.of("course_id", course,
                    "lesson_id", "one", "cloudflare_video_id", UUID.randomUUID().toString().replace("-", ""),
                    "title", "One", "status", "ready")).post("/api/videos").then().statusCode(201).extract().path("id");
            String learner = TestTokens.learner(course);
            // a read fills the cache over TLS, as the ACL user (a Redis failure would only have skipped the cache);
            // a replica uses the cache from its first epoch refresh on (up to a second after it started)
            String cacheKey = configMap.get("VIDEO_CACHE_KEY_PREFIX") + "{video:" + video + "}";
            awaitTrue("a read filled the cache", () -> {
                RestAssured.given().port(api).auth().oauth2(learner).get("/api/videos/" + video)
                        .then().statusCode(200).body("lesson_id", equalTo("one"));
                return redis("GET", cacheKey).contains(video);
            });
            String cached = redis("GET", cacheKey);
            assertTrue(cached.contains(video), "the cache was filled: " + cached);
            // a progress heartbeat goes through the Redis buffer (the ACL allows its commands) to PostgreSQL
            RestAssured.given().port(api).auth().oauth2(learner).contentType("application/json")
                    .body(Map.of("position", 0, "watched", List.of())).put("/api/videos/" + video + "/progress")
                    .then().statusCode(204);
            awaitTrue("the heartbeat flushed", () -> RestAssured.given().port(api).auth().oauth2(learner).get("/api/videos/" + video + "/progress")
                    .then().statusCode(200).extract().path("updated_at") != null);
            assertNoRedisErrors(service);
            admin(api).get("/api/courses/" + course + "/videos/export.csv").then().statusCode(200);
            admin(api).delete("/api/videos/" + video + "?delete_from_cloudflare=false").then().statusCode(204);
            admin(api).get("/api/videos/" + video).then().statusCode(404);
            assertNoRedisErrors(service);
        }

        try (Connection asService = DriverManager.getConnection(jdbcUrl(), "coursevideo", SERVICE_PASSWORD);
                var statement = asService.createStatement()) {
            for (String change : List.of("CREATE TABLE intruder (id int)", "ALTER TABLE course_videos ADD COLUMN intruder int",
                    "DROP TABLE course_videos", "CREATE FUNCTION intruder() RETURNS int LANGUAGE sql AS 'SELECT 1'",
                    "TRUNCATE course_videos")) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.execute(change), change);
                assertEquals("42501", refused.getSQLState(), change + ": " + refused.getMessage());
            }
        }
    }

    /**
     * The ConfigMap's settings as the pod sees them, the hosts and the CA directory swapped for the
     * local ones; the token and Cloudflare settings the operator fills in given test values.
     */
    private static Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        configMap.forEach((name, value) -> settings.put(name, value
                .replace("postgres:5432", "127.0.0.1:" + port())
                .replace(MOUNTED_CA, caDir + "/")));
        settings.putAll(Map.of(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toString(),
                "MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER,
                "QUARKUS_SHUTDOWN_DELAY", "0S"));
        settings.putAll(PackagedService.unreachableCloudflare());
        return settings;
    }

    /**
     * Every Redis command the service sent (the cache's scripts, the epoch's INFO) was allowed:
     * a refused one falls back without failing the request, and is counted as a redis-error.
     * (A timeout is no refusal: the first call of a cold JVM, TLS handshake included, may take
     * longer than the cache's 250 ms on a busy machine.)
     */
    private static void assertNoRedisErrors(PackagedService service) throws Exception {
        String metrics = RestAssured.given().port(service.managementPort()).get("/q/metrics").then().statusCode(200)
                .extract().asString();
        assertTrue(metrics.contains("# TYPE video_cache_"), "the cache's metrics are exported");
        assertTrue(!metrics.contains("reason=\"redis-error\""),
                metrics.lines().filter(line -> line.contains("reason=")).toList().toString());
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
        com.coursevideo.cache.CacheMetrics.awaitTrue(what, Duration.ofSeconds(30), condition);
    }

    private static RequestSpecification admin(int port) {
        return RestAssured.given().port(port).auth().oauth2(TestTokens.admin());
    }

    private static String redis(String... command) {
        List<String> line = new java.util.ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(redisPort),
                "--user", "course-video-service", "--pass", REDIS_PASSWORD, "--no-auth-warning"));
        line.addAll(List.of(command));
        return Commands.output(line, 60).strip();
    }

    private static String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/coursevideo?sslmode=verify-full&sslrootcert=" + caDir.resolve("postgres-ca.crt");
    }

    private static int port() {
        return Integer.parseInt(postgresSettings.get(PrivatePostgres.PORT));
    }
}
