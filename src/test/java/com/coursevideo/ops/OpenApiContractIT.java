package com.coursevideo.ops;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link OpenApiContractTest} against the packaged service: the jar, or the native executable with {@code -Dnative}. */
@QuarkusIntegrationTest
class OpenApiContractIT extends OpenApiContractTest {
}
