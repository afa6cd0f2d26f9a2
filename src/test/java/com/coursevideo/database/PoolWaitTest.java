package com.coursevideo.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;
import com.coursevideo.access.TestTokens;
import com.coursevideo.cache.CacheMetrics;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * A request waits a bounded time for a connection of the serving pool. Here the pool has one
 * connection, held by a request that waits on a row lock for up to 20 s (the statement timeout);
 * the requests behind it answer 503 once their 1 s wait for a connection is over, long before the
 * connection would be free.
 */
@QuarkusTest
@TestProfile(PoolWaitTest.OneConnection.class)
class PoolWaitTest {

    public static class OneConnection implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.max-size", "1",
                    "video.database.pool.statement-timeout", "20S",
                    "video.database.pool.connection-wait", "1S");
        }
    }

    @Test
    void requestsWaitingForAConnectionAre503AfterTheWait() throws Exception {
        String video = TestData.readyVideo(TestData.newCourse(), "one-connection", Map.of());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CompletableFuture<HttpResponse<String>> holder;
        try (Connection lock = TestDatabase.lockVideo(video)) {
            holder = http.sendAsync(patch(video), HttpResponse.BodyHandlers.ofString());
            // the first PATCH has the only connection once it waits on the lock
            CacheMetrics.awaitTrue("the first PATCH waits on the row lock", Duration.ofSeconds(20), TestDatabase::someoneWaitsOnALock);

            long started = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiting.add(http.sendAsync(patch(video), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> answer : waiting) {
                HttpResponse<String> response = answer.join();
                assertEquals(503, response.statusCode(), response.body());
                assertTrue(response.headers().firstValue("Retry-After").isPresent());
            }
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            // the connection is not free before the holder's 20 s statement timeout: these did not wait for it
            assertTrue(waited.compareTo(Duration.ofSeconds(10)) < 0, "answered after " + waited);
            assertTrue(!holder.isDone(), "the first request still holds the connection");
        }
        // the lock is gone: the first request goes on
        assertEquals(200, holder.join().statusCode());
    }

    private static HttpRequest patch(String video) {
        return HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/videos/" + video))
                .header("Authorization", "Bearer " + TestTokens.admin())
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"title\":\"renamed\"}"))
                .build();
    }
}
