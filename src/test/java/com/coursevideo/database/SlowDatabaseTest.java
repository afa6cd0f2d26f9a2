package com.coursevideo.database;

import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.sql.Connection;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.http.ContentType;

/** A lock held elsewhere (a migration, a stuck transaction) costs a request at most the statement timeout, then a 503. */
@QuarkusTest
class SlowDatabaseTest {

    @Test
    void aRequestBlockedByALockIsA503NotAHang() throws Exception {
        String video = TestData.readyVideo(TestData.newCourse(), "locked", Map.of());
        try (Connection lock = TestDatabase.lockVideo(video)) {
            // without a bound the PATCH waits for the lock as long as it is held: here, until the client gives up
            given().config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.socket.timeout", 30_000)))
                    .contentType(ContentType.JSON).body(Map.of("title", "renamed"))
                    .when().patch("/api/videos/" + video)
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue())
                    .body("code", equalTo("DATABASE_ERROR"));
        }
        given().contentType(ContentType.JSON).body(Map.of("title", "renamed"))
                .when().patch("/api/videos/" + video).then().statusCode(200).body("title", equalTo("renamed"));
    }
}
