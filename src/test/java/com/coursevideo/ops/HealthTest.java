package com.coursevideo.ops;

import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import com.coursevideo.Management;

import io.quarkus.test.junit.QuarkusTest;

/** Kubernetes probes: liveness depends on nothing outside, readiness on PostgreSQL only, startup on migrations. */
@QuarkusTest
class HealthTest {

    @Test
    void livenessIsUp() {
        Management.given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessChecksThePostgresPoolThatServesRequestsButNotRedis() {
        Management.given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("PostgreSQL (reactive pool)"))
                // the JDBC pool serves migrations only: a restart that broke its idle connections is not a reason to leave rotation
                .body("checks.name", not(hasItem(org.hamcrest.Matchers.containsString("Database connections"))))
                .body("checks.name", not(hasItem(org.hamcrest.Matchers.containsStringIgnoringCase("redis"))));
    }

    @Test
    void startupWaitsForMigrations() {
        Management.given().when().get("/q/health/started").then().statusCode(200)
                .body("checks.name", hasItem("database-migrated"));
    }
}
