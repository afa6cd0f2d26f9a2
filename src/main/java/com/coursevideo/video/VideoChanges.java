package com.coursevideo.video;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Null;

import com.coursevideo.error.VideoError;
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
 * The body of {@code PATCH /api/videos/{id}} (and the {@code set} of a batch update), as the
 * OpenAPI document's {@code VideoChanges} describes it. A field left out stays as it is; a field
 * sent as {@code null} is cleared, where the field may be (which of the two a {@code null} here is,
 * only the body as sent can say: {@link #patch}); the fields that name a video cannot be changed at all.
 */
@RegisterForReflection
public record VideoChanges(
        @Text(max = 255, notBlank = true, controlCharacters = false) String lessonId,
        @Text(max = 255, notBlank = true) String title,
        @Text(max = 10_000) String description,
        @NonNegative @JsonPropertyDescription("a number >= 0") Double duration,
        @HttpUrl String thumbnailUrl,
        VideoStatus status,
        @Between(min = 0, max = 100) @JsonPropertyDescription("an integer from 0 to 100") Integer processingProgress,
        @Text String errorMessage,
        @BoundedJson(bytes = 16 * 1024, depth = 10) JsonNode metadata,
        Boolean requireSignedUrls,
        @Timestamp @JsonPropertyDescription(ReleaseWindow.TIMESTAMP) OffsetDateTime availableFrom,
        @Timestamp @JsonPropertyDescription(ReleaseWindow.TIMESTAMP) OffsetDateTime availableUntil,
        Boolean downloadable,
        @DecimalMin(value = "0", message = NewVideo.PCT) @DecimalMax(value = "1", message = NewVideo.PCT)
        @JsonPropertyDescription("a number from 0 to 1") Double thumbnailTimestampPct,
        @Null(message = CANNOT_CHANGE) JsonNode id,
        @Null(message = CANNOT_CHANGE) JsonNode courseId,
        @Null(message = CANNOT_CHANGE) JsonNode cloudflareVideoId,
        @Null(message = CANNOT_CHANGE) JsonNode createdAt,
        @Null(message = CANNOT_CHANGE) JsonNode updatedAt) {

    static final String CANNOT_CHANGE = "cannot be changed";
    private static final String UPDATABLE_NAMES = VideoField.UPDATABLE.stream().map(VideoField::name)
            .collect(Collectors.joining(", "));

    public VideoChanges {
        lessonId = lessonId == null ? null : lessonId.strip();
        metadata = metadata == null || metadata.isNull() ? null : metadata;
    }

    /**
     * The changes as a patch of the row, {@code sent} telling which fields the body named:
     * {@code INVALID_INPUT} for a field that may not be cleared, or for no change at all.
     */
    VideoPatch patch(Predicate<String> sent) {
        Map<VideoField<?>, Object> changes = new LinkedHashMap<>();
        change(changes, sent, VideoField.LESSON_ID, lessonId);
        change(changes, sent, VideoField.TITLE, title);
        change(changes, sent, VideoField.DESCRIPTION, description);
        change(changes, sent, VideoField.DURATION, duration);
        change(changes, sent, VideoField.THUMBNAIL_URL, thumbnailUrl);
        change(changes, sent, VideoField.STATUS, status);
        change(changes, sent, VideoField.PROCESSING_PROGRESS, processingProgress);
        change(changes, sent, VideoField.ERROR_MESSAGE, errorMessage);
        change(changes, sent, VideoField.METADATA, metadata);
        change(changes, sent, VideoField.REQUIRE_SIGNED_URLS, requireSignedUrls);
        change(changes, sent, VideoField.AVAILABLE_FROM, availableFrom);
        change(changes, sent, VideoField.AVAILABLE_UNTIL, availableUntil);
        change(changes, sent, VideoField.DOWNLOADABLE, downloadable);
        change(changes, sent, VideoField.THUMBNAIL_TIMESTAMP_PCT, thumbnailTimestampPct);
        if (changes.isEmpty()) {
            throw VideoError.invalidInput("the body changes nothing: send at least one of " + UPDATABLE_NAMES);
        }
        // a video that becomes ready is fully processed, unless the client says otherwise (and is refused)
        if (changes.get(VideoField.STATUS) == VideoStatus.READY) {
            changes.putIfAbsent(VideoField.PROCESSING_PROGRESS, 100);
        }
        return new VideoPatch(changes);
    }

    private static <T> void change(Map<VideoField<?>, Object> changes, Predicate<String> sent, VideoField<T> field, T value) {
        if (!sent.test(field.name())) {
            return; // left out
        }
        if (value == null && !field.nullable()) {
            throw VideoError.invalidInput(field.name() + " cannot be null");
        }
        changes.put(field, value);
    }
}
