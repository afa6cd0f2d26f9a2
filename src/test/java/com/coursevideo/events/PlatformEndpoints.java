package com.coursevideo.events;

import static com.coursevideo.AsAdmin.given;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
