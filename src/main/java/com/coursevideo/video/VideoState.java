package com.coursevideo.video;

import java.util.UUID;

import io.vertx.mutiny.sqlclient.Row;

/**
 * Where a video stands: its cache entries derive from it, and, once it is deleted, its
 * Cloudflare deletion.
 */
public record VideoState(UUID videoId, UUID courseId, String lessonId, VideoStatus status, String cloudflareVideoId) {

    /** What a query selects for {@link #from(Row)}. */
    public static final String COLUMNS = "id, course_id, lesson_id, status::text AS status, cloudflare_video_id";

    public static VideoState from(Row row) {
        return new VideoState(row.getUUID("id"), row.getUUID("course_id"), row.getString("lesson_id"),
                VideoStatus.fromDatabase(row.getString("status")), row.getString("cloudflare_video_id"));
    }
}
