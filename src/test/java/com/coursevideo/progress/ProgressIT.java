package com.coursevideo.progress;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ProgressTest} against the packaged service: the jar, or the native executable with {@code -Dnative}. */
@QuarkusIntegrationTest
class ProgressIT extends ProgressTest {
}
