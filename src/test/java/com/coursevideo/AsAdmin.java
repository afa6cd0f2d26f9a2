package com.coursevideo;

import com.coursevideo.access.TestTokens;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * Requests the way the tests mostly send them: with an admin's bearer token. Anonymous requests
 * use {@code RestAssured.given()}, learners {@link #asLearner}.
 */
public final class AsAdmin {

    private static String token;

    private AsAdmin() {
    }

    public static RequestSpecification given() {
        return RestAssured.given().auth().oauth2(adminToken());
    }

    public static RequestSpecification asLearner(String... courseIds) {
        return RestAssured.given().auth().oauth2(TestTokens.learner(courseIds));
    }

    private static synchronized String adminToken() {
        if (token == null) {
            token = TestTokens.admin();
        }
        return token;
    }
}
