package com.coursevideo.course;

import jakarta.validation.constraints.NotNull;

import com.coursevideo.http.constraint.Text;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code POST /api/courses} and {@code PATCH /api/courses/{courseId}} (the OpenAPI document's {@code NewCourse}). */
@RegisterForReflection
public record CourseTitle(@NotNull(message = "is required") @Text(max = 255, notBlank = true) String title) {
}
