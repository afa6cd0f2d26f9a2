package com.coursevideo.video;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A column of {@code course_videos} that writes change: its name (also its JSON name), whether it
 * may be cleared, and how its value binds into SQL.
 */
record VideoField<T>(String name, boolean nullable, String cast, Function<T, Object> toSql) {

    static final VideoField<String> LESSON_ID = plain("lesson_id", false);
    static final VideoField<String> TITLE = plain("title", false);
    static final VideoField<String> DESCRIPTION = plain("description", true);
    static final VideoField<Double> DURATION = plain("duration", true);
    static final VideoField<String> THUMBNAIL_URL = plain("thumbnail_url", true);
    static final VideoField<VideoStatus> STATUS = new VideoField<>("status", false, "::video_status", VideoStatus::value);
    static final VideoField<Integer> PROCESSING_PROGRESS = plain("processing_progress", false);
    static final VideoField<String> ERROR_MESSAGE = plain("error_message", true);
    // bound as text and cast, so that PostgreSQL parses the object rather than storing a JSON string
    static final VideoField<JsonNode> METADATA = new VideoField<>("metadata", true, "::text::jsonb", JsonNode::toString);
    static final VideoField<Boolean> REQUIRE_SIGNED_URLS = plain("require_signed_urls", false);
    static final VideoField<OffsetDateTime> AVAILABLE_FROM = plain("available_from", true);
    static final VideoField<OffsetDateTime> AVAILABLE_UNTIL = plain("available_until", true);
    static final VideoField<Boolean> DOWNLOADABLE = plain("downloadable", false);
    static final VideoField<Double> THUMBNAIL_TIMESTAMP_PCT = plain("thumbnail_timestamp_pct", false);

    // written by syncs with Cloudflare only
    static final VideoField<String> PLAYBACK_HLS_URL = plain("playback_hls_url", true);
    static final VideoField<String> PLAYBACK_DASH_URL = plain("playback_dash_url", true);
    static final VideoField<Boolean> SIGNED_URLS_ENFORCED = plain("signed_urls_enforced", false);
    /** Cloudflare's default MP4 download, as the downloads job last found it. */
    static final VideoField<String> DOWNLOAD_STATUS = plain("download_status", false);
    /** The video's {@code modified} time at Cloudflare that the row reflects (not in the API). */
    static final VideoField<OffsetDateTime> CLOUDFLARE_MODIFIED = plain("cloudflare_modified", true);

    /** What {@code PATCH /api/videos/{id}} may change. */
    static final List<VideoField<?>> UPDATABLE = List.of(LESSON_ID, TITLE, DESCRIPTION, DURATION, THUMBNAIL_URL,
            STATUS, PROCESSING_PROGRESS, ERROR_MESSAGE, METADATA, REQUIRE_SIGNED_URLS, AVAILABLE_FROM, AVAILABLE_UNTIL,
            DOWNLOADABLE, THUMBNAIL_TIMESTAMP_PCT);

    private static <T> VideoField<T> plain(String name, boolean nullable) {
        return new VideoField<>(name, nullable, "", value -> value);
    }

    /** The SQL placeholder for parameter {@code position}, with the cast this column needs. */
    String placeholder(int position) {
        return "$" + position + cast;
    }

    /** The value to bind for this field; null stays null. */
    @SuppressWarnings("unchecked")
    Object sqlValue(Object value) {
        return value == null ? null : toSql.apply((T) value);
    }
}
