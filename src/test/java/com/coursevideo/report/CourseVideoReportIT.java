package com.coursevideo.report;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link CourseVideoReportTest} against the packaged service: the jar, or the native executable with {@code -Dnative}. */
@QuarkusIntegrationTest
class CourseVideoReportIT extends CourseVideoReportTest {
}
