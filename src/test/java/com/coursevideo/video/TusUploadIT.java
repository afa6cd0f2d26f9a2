package com.coursevideo.video;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link TusUploadTest} against the packaged service: the jar, or the native executable with {@code -Dnative}. */
@QuarkusIntegrationTest
class TusUploadIT extends TusUploadTest {
}
