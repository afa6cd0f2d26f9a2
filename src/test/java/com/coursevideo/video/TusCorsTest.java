package com.coursevideo.video;

import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/** An admin app on another origin, with CORS enabled for it, can open a tus upload and read where to send it. */
@QuarkusTest
@TestProfile(TusCorsTest.AdminOrigin.class)
class TusCorsTest {

    private static final String ORIGIN = "https://admin.course-platform.test";

    public static class AdminOrigin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.cors.enabled", "true", "quarkus.http.cors.origins", ORIGIN);
        }
    }

    @Test
    void theBrowsersPreflightIsAllowedAndItsScriptMayReadLocation() {
        String course = TestData.newCourse();
        String path = "/api/courses/" + course + "/videos/tus";
        RestAssured.given().header("Origin", ORIGIN).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,tus-resumable,upload-length,upload-metadata")
                .when().options(path).then().statusCode(200)
                .header("Access-Control-Allow-Origin", ORIGIN)
                .header("Access-Control-Allow-Headers", containsString("upload-metadata"));
        given().header("Origin", ORIGIN).header("Tus-Resumable", "1.0.0").header("Upload-Length", "1000")
                .header("Upload-Metadata", TusUploadTest.metadata("cors", "From the admin app"))
                .when().post(path).then().statusCode(201)
                .header("Access-Control-Allow-Origin", ORIGIN)
                .header("Access-Control-Expose-Headers", containsString("Location"))
                .header("Access-Control-Expose-Headers", containsString("Stream-Media-Id"))
                .body("lesson_id", equalTo("cors"));
    }

    @Test
    void otherOriginsAreNotAllowed() {
        RestAssured.given().header("Origin", "https://elsewhere.test").header("Access-Control-Request-Method", "POST")
                .when().options("/api/courses/" + TestData.newCourse() + "/videos/tus").then()
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
    }
}
