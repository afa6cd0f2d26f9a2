package com.coursevideo.video;

import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.mutiny.sqlclient.Row;

/** A Cloudflare Stream video registered against a course's lesson. */
public record CourseVideo(
        UUID id,
        UUID courseId,
        String lessonId,
        String cloudflareVideoId,
        String title,
        String description,
        Double duration,
        String thumbnailUrl,
        VideoStatus status,
        String playbackHlsUrl,
        String playbackDashUrl,
        int processingProgress,
        String errorMessage,
        JsonNode metadata,
        boolean requireSignedUrls,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    /** What every query selects, in the shape {@link #from(Row)} reads. */
    static final String COLUMNS = "id, course_id, lesson_id, cloudflare_video_id, title, description, duration,"
            + " thumbnail_url, status::text AS status, playback_hls_url, playback_dash_url, processing_progress,"
            + " error_message, metadata::text AS metadata, require_signed_urls, created_at, updated_at";

    /** Only parses JSON text into trees: no configuration to share with the application's mapper. */
    private static final ObjectMapper METADATA = new ObjectMapper();

    static CourseVideo from(Row row) {
        return new CourseVideo(
                row.getUUID("id"),
                row.getUUID("course_id"),
                row.getString("lesson_id"),
                row.getString("cloudflare_video_id"),
                row.getString("title"),
                row.getString("description"),
                row.getDouble("duration"),
                row.getString("thumbnail_url"),
                VideoStatus.valueOf(row.getString("status").toUpperCase(Locale.ROOT)),
                row.getString("playback_hls_url"),
                row.getString("playback_dash_url"),
                row.getInteger("processing_progress"),
                row.getString("error_message"),
                metadata(row.getString("metadata")),
                row.getBoolean("require_signed_urls"),
                row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"));
    }

    private static JsonNode metadata(String json) {
        if (json == null) {
            return null;
        }
        try {
            return METADATA.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("PostgreSQL returned jsonb that is not JSON", e);
        }
    }
}
