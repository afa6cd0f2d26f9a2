package com.coursevideo.video;

import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Uniqueness comes from the database's constraints, so racing creates cannot both win. */
@QuarkusTest
class CreateRaceTest {

    private static final int ROUNDS = 20;

    @Test
    void twoCreatesForOneLessonExactlyOneWins() throws Exception {
        String course = TestData.newCourse();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String lesson = "race-" + round;
                List<Integer> statuses = race(threads,
                        TestData.video(course, lesson), TestData.video(course, lesson));
                assertThat("round " + round, statuses, containsInAnyOrder(201, 409));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void twoCreatesForOneCloudflareVideoExactlyOneWins() throws Exception {
        String course = TestData.newCourse();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                Map<String, Object> first = TestData.video(course, "uid-a-" + round);
                Map<String, Object> second = TestData.video(course, "uid-b-" + round);
                second.put("cloudflare_video_id", first.get("cloudflare_video_id"));
                assertThat("round " + round, race(threads, first, second), containsInAnyOrder(201, 409));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** Sends both bodies at once (released together by a barrier) and returns the two statuses. */
    private static List<Integer> race(ExecutorService threads, Map<String, Object>... bodies) throws Exception {
        CyclicBarrier start = new CyclicBarrier(bodies.length);
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (Map<String, Object> body : bodies) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return given().contentType(ContentType.JSON).body(body).when().post("/api/videos").statusCode();
            }, threads));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<Integer> call : calls) {
            statuses.add(call.get(30, TimeUnit.SECONDS));
        }
        return statuses;
    }
}
