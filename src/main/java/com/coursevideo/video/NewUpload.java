package com.coursevideo.video;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.validation.constraints.NotNull;

import com.coursevideo.cloudflare.TusMetadata;
import com.coursevideo.error.VideoError;
import com.coursevideo.http.constraint.Between;
import com.coursevideo.http.constraint.Text;
import com.coursevideo.http.constraint.Timestamp;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An upload to open: the body of {@code POST /api/courses/{courseId}/videos/uploads}, or the
 * {@code Upload-Metadata} of {@code POST /api/courses/{courseId}/videos/tus} ({@link #tusFields}).
 */
@RegisterForReflection
public record NewUpload(
        @NotNull(message = "is required") @Text(max = 255, notBlank = true, controlCharacters = false) String lessonId,
        @NotNull(message = "is required") @Text(max = 255, notBlank = true) String title,
        @Text(max = 10_000) String description,
        @NotNull(message = "is required") @Between(min = 1, max = LONGEST_VIDEO_SECONDS)
        @JsonPropertyDescription("an integer from 1 to " + LONGEST_VIDEO_SECONDS) Integer maxDurationSeconds,
        Boolean requireSignedUrls,
        @Timestamp @JsonPropertyDescription(ReleaseWindow.TIMESTAMP) OffsetDateTime availableFrom,
        @Timestamp @JsonPropertyDescription(ReleaseWindow.TIMESTAMP) OffsetDateTime availableUntil) {

    /** Cloudflare's longest video; a tus upload that names no {@code max_duration_seconds} may be this long. */
    static final int LONGEST_VIDEO_SECONDS = 21600;
    private static final List<String> TEXT_KEYS = List.of("lesson_id", "title", "description", "available_from",
            "available_until");

    public NewUpload {
        lessonId = lessonId == null ? null : lessonId.strip();
        requireSignedUrls = Objects.requireNonNullElse(requireSignedUrls, false);
        new ReleaseWindow(availableFrom, availableUntil);
    }

    /**
     * The tus header's pairs as the fields of a JSON body, to be judged like one: the text keys as
     * strings, {@code max_duration_seconds} as an integer (default 21600), {@code require_signed_urls}
     * as {@code true}, {@code false} or a flag without a value (true). Other keys (a tus client's
     * {@code filename}, {@code filetype}) are left out.
     */
    static ObjectNode tusFields(String header) {
        Map<String, String> metadata;
        try {
            metadata = TusMetadata.parse(header);
        } catch (IllegalArgumentException malformed) {
            throw VideoError.invalidInput("Upload-Metadata is malformed: " + malformed.getMessage());
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        TEXT_KEYS.stream().filter(metadata::containsKey).forEach(key -> body.put(key, metadata.get(key)));
        String maxDuration = metadata.getOrDefault("max_duration_seconds", Integer.toString(LONGEST_VIDEO_SECONDS));
        try {
            body.put("max_duration_seconds", Integer.parseInt(maxDuration));
        } catch (NumberFormatException notANumber) {
            body.put("max_duration_seconds", maxDuration); // judged, and refused, as the text it is
        }
        String signed = metadata.get("require_signed_urls");
        if (signed != null) {
            switch (signed) {
                case "", "true" -> body.put("require_signed_urls", true);
                case "false" -> body.put("require_signed_urls", false);
                default -> throw VideoError.invalidInput("require_signed_urls must be true or false");
            }
        }
        return body;
    }
}
