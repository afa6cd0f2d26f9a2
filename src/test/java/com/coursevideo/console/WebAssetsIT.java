package com.coursevideo.console;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link WebAssetsTest} against the packaged service: the jar, or the native executable with {@code -Dnative}. */
@QuarkusIntegrationTest
class WebAssetsIT extends WebAssetsTest {
}
