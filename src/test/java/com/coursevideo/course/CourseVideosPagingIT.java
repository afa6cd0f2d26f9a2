package com.coursevideo.course;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link CourseVideosPagingTest} against the packaged service: the jar, or the native executable with {@code -Dnative}. */
@QuarkusIntegrationTest
class CourseVideosPagingIT extends CourseVideosPagingTest {
}
