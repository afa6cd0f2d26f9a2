package com.coursevideo.journey;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link VideoJourneyTest} against the packaged service: the jar, or the native executable with {@code -Dnative}. */
@QuarkusIntegrationTest
class VideoJourneyIT extends VideoJourneyTest {
}
