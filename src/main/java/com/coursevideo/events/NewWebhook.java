package com.coursevideo.events;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.coursevideo.http.constraint.HttpUrl;
import com.coursevideo.http.constraint.Text;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code POST /api/admin/webhooks} (the OpenAPI document's {@code NewWebhook}). */
@RegisterForReflection
public record NewWebhook(
        @NotNull(message = "is required") @HttpUrl String url,
        @NotNull(message = "is required") @Size(min = 1, max = 6, message = "must list 1 to 6 event types")
        List<@NotNull(message = "must not contain null") String> events,
        @Text(max = 1000) String description) {
}
