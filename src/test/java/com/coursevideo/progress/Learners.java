package com.coursevideo.progress;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.coursevideo.AsAdmin;
import com.coursevideo.access.TestTokens;
import com.coursevideo.access.Viewer;
import com.coursevideo.access.Viewers;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** A learner of the tests: a token with a sub of the test's choosing, enrolled in some courses. */
record Learners(String sub, String token) {

    static Learners enrolled(String... courses) {
        return named("learner-" + UUID.randomUUID(), courses);
    }

    static Learners named(String sub, String... courses) {
        return new Learners(sub, TestTokens.sign(TestTokens.claims().subject(sub).groups("student")
                .claim(Viewers.COURSES_CLAIM, List.of(courses))));
    }

    static Learners admin(String sub) {
        return new Learners(sub, TestTokens.sign(TestTokens.claims().subject(sub).groups(Viewer.ADMIN)));
    }

    RequestSpecification given() {
        return AsAdmin.withToken(token);
    }

    ValidatableResponse heartbeat(String video, double position, double[]... watched) {
        return given().contentType(ContentType.JSON).body(Map.of("position", position, "watched", List.of(watched)))
                .when().put("/api/videos/" + video + "/progress").then();
    }

    ValidatableResponse progress(String video) {
        return given().when().get("/api/videos/" + video + "/progress").then();
    }

    static double[] stretch(double from, double to) {
        return new double[] { from, to };
    }
}
