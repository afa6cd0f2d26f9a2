package com.coursevideo.video;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import com.coursevideo.http.constraint.Between;
import com.coursevideo.http.constraint.BoundedJson;
import com.coursevideo.http.constraint.HttpUrl;
import com.coursevideo.http.constraint.NonNegative;
import com.coursevideo.http.constraint.Text;
import com.coursevideo.http.constraint.Timestamp;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A video to register: the body of {@code POST /api/videos} (and of each item of a batch), as
 * the OpenAPI document's {@code NewVideo} describes it. The lesson id loses its surrounding white
 * space; an absent status is {@code queued}, an absent progress 100 for a ready video and 0 for
 * another.
 */
@RegisterForReflection
public record NewVideo(
        @NotNull(message = "is required") @JsonPropertyDescription("a UUID") UUID courseId,
        @NotNull(message = "is required") @Text(max = 255, notBlank = true, controlCharacters = false) String lessonId,
        @NotNull(message = "is required") @Pattern(regexp = "[0-9a-f]{32}", message = "must be 32 lowercase hex characters")
        String cloudflareVideoId,
        @NotNull(message = "is required") @Text(max = 255, notBlank = true) String title,
        @Text(max = 10_000) String description,
        @NonNegative @JsonPropertyDescription("a number >= 0") Double duration,
        @HttpUrl String thumbnailUrl,
        VideoStatus status,
        @Between(min = 0, max = 100) @JsonPropertyDescription("an integer from 0 to 100") Integer processingProgress,
        @BoundedJson(bytes = 16 * 1024, depth = 10) JsonNode metadata,
        Boolean requireSignedUrls,
        @Timestamp @JsonPropertyDescription(ReleaseWindow.TIMESTAMP) OffsetDateTime availableFrom,
        @Timestamp @JsonPropertyDescription(ReleaseWindow.TIMESTAMP) OffsetDateTime availableUntil,
        Boolean downloadable,
        @DecimalMin(value = "0", message = PCT) @DecimalMax(value = "1", message = PCT)
        @JsonPropertyDescription("a number from 0 to 1") Double thumbnailTimestampPct) {

    static final String PCT = "must be a number from 0 to 1";

    public NewVideo {
        lessonId = lessonId == null ? null : lessonId.strip();
        status = Objects.requireNonNullElse(status, VideoStatus.QUEUED);
        processingProgress = Objects.requireNonNullElse(processingProgress, status == VideoStatus.READY ? 100 : 0);
        metadata = metadata == null || metadata.isNull() ? null : metadata;
        requireSignedUrls = Objects.requireNonNullElse(requireSignedUrls, false);
        downloadable = Objects.requireNonNullElse(downloadable, false);
        thumbnailTimestampPct = Objects.requireNonNullElse(thumbnailTimestampPct, 0.0);
        new ReleaseWindow(availableFrom, availableUntil);
    }

    /** A video of an upload slot Cloudflare made: queued, nothing known of it yet. */
    static NewVideo uploaded(UUID courseId, NewUpload upload, String uid) {
        return new NewVideo(courseId, upload.lessonId(), uid, upload.title(), upload.description(), null, null,
                VideoStatus.QUEUED, 0, null, upload.requireSignedUrls(), upload.availableFrom(), upload.availableUntil(),
                null, null);
    }
}
