package com.coursevideo.video;

import java.util.UUID;

import io.vertx.mutiny.sqlclient.Row;

/** What places a video in the cache: the entries to drop when it changes are derived from it. */
public record VideoState(UUID videoId, UUID courseId, String lessonId, VideoStatus status) {

    /** What a query selects for {@link #from(Row)}. */
    public static final String COLUMNS = "id, course_id, lesson_id, status::text AS status";

    public static VideoState from(Row row) {
        return new VideoState(row.getUUID("id"), row.getUUID("course_id"), row.getString("lesson_id"),
                VideoStatus.fromDatabase(row.getString("status")));
    }
}
