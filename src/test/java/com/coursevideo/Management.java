package com.coursevideo;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** Requests to the management interface (health, metrics, OpenAPI), which has a port of its own. */
public final class Management {

    /**
     * {@code quarkus.management.port} in the test profile, for the tests and the packaged service
     * alike: 9001, or {@code TEST_MANAGEMENT_PORT} (as application.properties says).
     */
    public static final int PORT = Integer.parseInt(System.getenv().getOrDefault("TEST_MANAGEMENT_PORT", "9001"));

    private Management() {
    }

    public static RequestSpecification given() {
        return RestAssured.given().baseUri("http://localhost").port(PORT);
    }
}
