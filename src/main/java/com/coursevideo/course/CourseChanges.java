package com.coursevideo.course;

import java.util.List;

import com.coursevideo.http.constraint.Text;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code PATCH /api/courses/{courseId}} (the OpenAPI document's {@code CourseChanges}): what it names changes. */
@RegisterForReflection
public record CourseChanges(@Text(max = 255, notBlank = true) String title, List<String> allowedOrigins) {
}
