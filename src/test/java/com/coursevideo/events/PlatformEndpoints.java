package com.coursevideo.events;

import static com.coursevideo.AsAdmin.given;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.coursevideo.TestData;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The course platform's side of a test: the local endpoints it runs and the webhooks it registers
 * for them, all removed and closed when the test ends ({@link #close()}).
 */
final class PlatformEndpoints implements AutoCloseable {

    private final List<AutoCloseable> endpoints = new ArrayList<>();
    private final List<String> webhooks = new ArrayList<>();

    /** A receiver that answers 200 and records what it gets. */
    Receiver receiver() throws Exception {
        return add(new Receiver());
    }

    /** An endpoint of the test's own, closed with the others. */
    <T extends AutoCloseable> T add(T endpoint) {
        endpoints.add(endpoint);
        return endpoint;
    }

    /** Registers {@code url} for the event types: the created webhook (its secret shown this once). */
    Response register(String url, String... types) {
        Response created = given().contentType(ContentType.JSON).body(Map.of("url", url, "events", List.of(types)))
                .when().post("/api/admin/webhooks").then().statusCode(201).extract().response();
        webhooks.add(created.path("id"));
        return created;
    }

    /**
     * An endpoint that never answers and a prompt one, both registered for {@code video.ready}, and
     * {@code videos} ready videos of a new course on their way to both.
     */
    HangingBesidePrompt hangingBesidePrompt(int videos) throws Exception {
        HangingEndpoint hanging = add(new HangingEndpoint());
        Receiver prompt = receiver();
        register(hanging.url(), "video.ready");
        register(prompt.url(), "video.ready");
        String course = TestData.newCourse();
        for (int i = 0; i < videos; i++) {
            TestData.readyVideo(course, "ready-" + i, Map.of());
        }
        return new HangingBesidePrompt(hanging, prompt, course);
    }

    record HangingBesidePrompt(HangingEndpoint hanging, Receiver prompt, String course) {

        /** A video of the course under {@code uid}, to delete while the hanging endpoint holds deliveries. */
        String doomedVideo(String uid) {
            Map<String, Object> body = TestData.video(course, "doomed");
            body.put("cloudflare_video_id", uid);
            return TestData.newVideo(body);
        }
    }

    /** A webhook the test registered itself: deleted with the others. */
    void added(String webhookId) {
        webhooks.add(webhookId);
    }

    @Override
    public void close() throws Exception {
        for (String id : webhooks) {
            given().when().delete("/api/admin/webhooks/" + id);
        }
        for (AutoCloseable endpoint : endpoints) {
            endpoint.close();
        }
        webhooks.clear();
        endpoints.clear();
    }
}
