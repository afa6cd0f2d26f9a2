package com.coursevideo.video;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import com.coursevideo.access.Viewer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.mutiny.sqlclient.Row;

/** A Cloudflare Stream video registered against a course's lesson. */
@RegisterForReflection
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
        boolean signedUrlsEnforced,
        boolean downloadable,
        String downloadStatus,
        double thumbnailTimestampPct,
        OffsetDateTime availableFrom,
        OffsetDateTime availableUntil,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    /** What every query selects, in the shape {@link #from(Row)} reads. */
    public static final String COLUMNS = columns("");

    /** {@link #COLUMNS} qualified by a table alias, e.g. {@code "v."}. */
    static String columns(String alias) {
        return String.join(", ", alias + "id", alias + "course_id", alias + "lesson_id",
                alias + "cloudflare_video_id", alias + "title", alias + "description", alias + "duration",
                alias + "thumbnail_url", alias + "status::text AS status", alias + "playback_hls_url",
                alias + "playback_dash_url", alias + "processing_progress", alias + "error_message",
                alias + "metadata::text AS metadata", alias + "require_signed_urls", alias + "signed_urls_enforced",
                alias + "downloadable", alias + "download_status", alias + "thumbnail_timestamp_pct",
                alias + "available_from",
                alias + "available_until", alias + "created_at",
                alias + "updated_at");
    }

    /** Whether the video is released at {@code now}: from {@code available_from}, until before {@code available_until}. */
    public boolean releasedAt(Instant now) {
        return (availableFrom == null || !now.isBefore(availableFrom.toInstant()))
                && (availableUntil == null || now.isBefore(availableUntil.toInstant()));
    }

    /**
     * Whether the video exists for {@code viewer} at {@code now}. For a learner: a {@code ready}
     * video of a course they are enrolled in, inside its release window, and, when it requires
     * signed URLs, only once Cloudflare enforces them (until then its uid plays without a token).
     */
    public boolean existsFor(Viewer viewer, Instant now) {
        return viewer.admin() || viewer.enrolledIn(courseId) && status == VideoStatus.READY && releasedAt(now)
                && (!requireSignedUrls || signedUrlsEnforced);
    }

    /** The video as {@code viewer} may see it: a learner never gets a signed video's bare uid. */
    public CourseVideo seenBy(Viewer viewer) {
        return viewer.admin() || !requireSignedUrls ? this : withoutBareUid();
    }

    /** The same video without anything that carries its bare Cloudflare uid. */
    public CourseVideo withoutBareUid() {
        return new CourseVideo(id, courseId, lessonId, null, title, description, duration, null, status, null, null,
                processingProgress, errorMessage, metadata, requireSignedUrls, signedUrlsEnforced, downloadable, downloadStatus,
                thumbnailTimestampPct, availableFrom, availableUntil, createdAt, updatedAt);
    }

    /** Download statuses: none asked for, being made, ready to download, failed at Cloudflare. */
    public static final String DOWNLOAD_NONE = "none";
    public static final String DOWNLOAD_READY = "ready";

    public VideoState state() {
        return new VideoState(id, courseId, lessonId, status, cloudflareVideoId);
    }

    /** Only parses JSON text into trees: no configuration to share with the application's mapper. */
    private static final ObjectMapper METADATA = new ObjectMapper();

    public static CourseVideo from(Row row) {
        return new CourseVideo(
                row.getUUID("id"),
                row.getUUID("course_id"),
                row.getString("lesson_id"),
                row.getString("cloudflare_video_id"),
                row.getString("title"),
                row.getString("description"),
                row.getDouble("duration"),
                row.getString("thumbnail_url"),
                VideoStatus.fromDatabase(row.getString("status")),
                row.getString("playback_hls_url"),
                row.getString("playback_dash_url"),
                row.getInteger("processing_progress"),
                row.getString("error_message"),
                metadata(row.getString("metadata")),
                row.getBoolean("require_signed_urls"),
                row.getBoolean("signed_urls_enforced"),
                row.getBoolean("downloadable"),
                row.getString("download_status"),
                row.getDouble("thumbnail_timestamp_pct"),
                row.getOffsetDateTime("available_from"),
                row.getOffsetDateTime("available_until"),
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
