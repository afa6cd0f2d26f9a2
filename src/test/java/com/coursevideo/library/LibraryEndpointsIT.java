package com.coursevideo.library;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link LibraryEndpointsTest} against the packaged service: the jar, or the native executable with {@code -Dnative}. */
@QuarkusIntegrationTest
class LibraryEndpointsIT extends LibraryEndpointsTest {
}
