package com.coursevideo.video;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link CreateRaceTest} against the packaged service: the jar, or the native executable with {@code -Dnative}. */
@QuarkusIntegrationTest
class CreateRaceIT extends CreateRaceTest {
}
