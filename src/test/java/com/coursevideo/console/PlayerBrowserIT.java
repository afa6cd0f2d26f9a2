package com.coursevideo.console;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link PlayerBrowserTest} against the packaged service: the jar, or the native executable with {@code -Dnative}. */
@QuarkusIntegrationTest
class PlayerBrowserIT extends PlayerBrowserTest {
}
