package com.coursevideo.access;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link AccessTest} against the packaged service: the jar, or the native executable with {@code -Dnative}. */
@QuarkusIntegrationTest
class AccessIT extends AccessTest {
}
