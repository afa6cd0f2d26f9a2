package com.coursevideo.database;

import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.coursevideo.Management;
import com.coursevideo.TestData;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

@QuarkusTest
@TestProfile(PrivateDatabaseProfile.class)
class DatabaseOutageTest {

    @ConfigProperty(name = PrivatePostgres.DATA_DIR)
    String dataDir;

    @ConfigProperty(name = PrivatePostgres.PORT)
    int port;

    @Test
    void answers503WhileDatabaseIsDownAndRecoversByItself() {
        String course = TestData.newCourse();
        String video = TestData.newVideo(TestData.video(course, "before-outage"));

        PrivatePostgres.stop(dataDir);
        try {
            expectUnavailable(given().when().get("/api/courses/" + course).then());
            expectUnavailable(given().when().get("/api/videos/" + video).then());
            expectUnavailable(given().when().get("/api/courses/" + course + "/videos?status=all").then());
            expectUnavailable(given().contentType(ContentType.JSON).body(Map.of("title", "during outage"))
                    .when().post("/api/courses").then());
            expectUnavailable(given().contentType(ContentType.JSON).body(TestData.video(course, "during-outage"))
                    .when().post("/api/videos").then());
            expectUnavailable(given().contentType(ContentType.JSON).body(Map.of("title", "x"))
                    .when().patch("/api/videos/" + video).then());
            expectUnavailable(given().when().delete("/api/videos/" + UUID.randomUUID()).then());
            // out of rotation, but alive: Kubernetes must not restart pods for a database outage
            Management.given().when().get("/q/health/ready").then().statusCode(503);
            Management.given().when().get("/q/health/live").then().statusCode(200);
        } finally {
            PrivatePostgres.start(dataDir, port);
        }

        // no restart: the pool reconnects on its own
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (given().when().get("/api/courses/" + course).statusCode() != 200) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the service did not recover within 30 s of the database coming back");
            }
        }
        given().when().get("/api/videos/" + video).then().statusCode(200).body("lesson_id", equalTo("before-outage"));
        // serving again is ready again: readiness judges the pool that serves, nothing else
        Management.given().when().get("/q/health/ready").then().statusCode(200);
        TestData.newVideo(TestData.video(course, "after-outage"));
    }

    private static void expectUnavailable(io.restassured.response.ValidatableResponse response) {
        response.statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", equalTo("5"))
                .body("code", equalTo("DATABASE_ERROR"))
                .body("status", equalTo(503))
                .body("detail", not(containsString("Exception")));
    }
}
