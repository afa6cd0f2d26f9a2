package com.coursevideo.caption;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link CaptionTest} against the packaged service: the jar, or the native executable with {@code -Dnative}. */
@QuarkusIntegrationTest
class CaptionIT extends CaptionTest {
}
