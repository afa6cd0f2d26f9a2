package com.coursevideo.video;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link VideoSearchTest} against the packaged service: the jar, or the native executable with {@code -Dnative}. */
@QuarkusIntegrationTest
class VideoSearchIT extends VideoSearchTest {
}
