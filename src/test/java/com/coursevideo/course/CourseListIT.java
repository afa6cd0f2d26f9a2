package com.coursevideo.course;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link CourseListTest} against the packaged service: the jar, or the native executable with {@code -Dnative}. */
@QuarkusIntegrationTest
class CourseListIT extends CourseListTest {
}
