package com.coursevideo.database;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coursevideo.AsAdmin;
import com.coursevideo.PackagedService;
import com.coursevideo.access.TestTokens;

import io.restassured.RestAssured;

/**
 * The packaged service with {@code VIDEO_MIGRATE_AT_START=false} against a database nobody has
 * migrated: it starts, stays out of readiness and says why, until the same artifact run with the
 * argument {@code migrate} has migrated it; then it is ready and serves from the database.
 */
class ExternalMigrationIT {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private final String database = "coursevideo_external_" + UUID.randomUUID().toString().replace("-", "");

    @BeforeEach
    void emptyDatabase() throws Exception {
        execute("CREATE DATABASE " + database);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    @Test
    void notReadyUntilTheMigrateCommandHasRun() throws Exception {
        Map<String, String> settings = Map.of(
                "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/" + database,
                "QUARKUS_DATASOURCE_JDBC_URL", SERVER + database);
        try (PackagedService service = PackagedService.start(serving(settings))) {
            assertTrue(service.awaitOutput("started in", Duration.ofSeconds(60)), service.output());
            int management = service.managementPort();
            RestAssured.given().port(management).get("/q/health/started").then().statusCode(200);
            RestAssured.given().port(management).get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == '" + DatabaseReadiness.NAME + "' }.data.schema", equalTo("not migrated"))
                    .body("checks.find { it.name == '" + DatabaseReadiness.NAME + "' }.data.needs",
                            equalTo(DatabaseReadiness.SCHEMA_VERSION));
            assertTrue(service.output().contains("not ready until it is migrated"), service.output());

            try (PackagedService migration = PackagedService.start(settings, "migrate")) {
                OptionalInt exit = migration.awaitExit(Duration.ofSeconds(60));
                assertEquals(OptionalInt.of(0), exit, migration.output());
                assertTrue(migration.output().contains("database schema up to date at version "
                        + DatabaseReadiness.SCHEMA_VERSION), migration.output());
                assertTrue(!migration.output().contains("Listening on"), "the migration serves nothing: " + migration.output());
            }

            RestAssured.given().port(management).get("/q/health/ready").then().statusCode(200);
            AsAdmin.withToken(TestTokens.admin()).port(service.apiPort())
                    .get("/api/courses/{course}/videos", UUID.randomUUID())
                    .then().statusCode(200).body("size()", equalTo(0));
        }
    }

    /** What the serving process gets: the database, token verification and Cloudflare settings, migrations external. */
    private static Map<String, String> serving(Map<String, String> database) {
        var environment = new java.util.HashMap<>(database);
        environment.putAll(Map.of(
                "VIDEO_MIGRATE_AT_START", "false",
                "MP_JWT_VERIFY_PUBLICKEY", TestTokens.publicKeyPem(),
                "MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER,
                "MP_JWT_VERIFY_AUDIENCES", TestTokens.AUDIENCE));
        environment.putAll(PackagedService.unreachableCloudflare());
        return environment;
    }

    private static void execute(String sql) throws Exception {
        try (Connection server = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                var statement = server.createStatement()) {
            statement.execute(sql);
        }
    }
}
