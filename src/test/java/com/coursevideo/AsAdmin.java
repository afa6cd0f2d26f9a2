package com.coursevideo;

import com.coursevideo.access.TestTokens;
import com.coursevideo.ops.OpenApiValidation;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * Requests to the API the way the tests send them: with an admin's bearer token ({@link #given}),
 * a learner's ({@link #asLearner}), a token of the test's own ({@link #withToken}) or none
 * ({@link #anonymous}). Each is checked against the OpenAPI document ({@link OpenApiValidation}).
 */
public final class AsAdmin {

    private static String token;

    private AsAdmin() {
    }

    public static RequestSpecification given() {
        return withToken(adminToken());
    }

    public static RequestSpecification asLearner(String... courseIds) {
        return withToken(TestTokens.learner(courseIds));
    }

    public static RequestSpecification withToken(String token) {
        return anonymous().auth().oauth2(token);
    }

    public static RequestSpecification anonymous() {
        return RestAssured.given().filter(OpenApiValidation.FILTER);
    }

    private static synchronized String adminToken() {
        if (token == null) {
            token = TestTokens.admin();
        }
        return token;
    }
}
