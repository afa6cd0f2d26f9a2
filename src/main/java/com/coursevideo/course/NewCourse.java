package com.coursevideo.course;

import java.util.List;

import jakarta.validation.constraints.NotNull;

import com.coursevideo.http.constraint.Text;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code POST /api/courses} (the OpenAPI document's {@code NewCourse}). */
@RegisterForReflection
public record NewCourse(@NotNull(message = "is required") @Text(max = 255, notBlank = true) String title,
        List<String> allowedOrigins) {
}
