package com.coursevideo.video;

import java.util.UUID;

import io.vertx.mutiny.sqlclient.Row;

/** Counts over all of a course's videos; {@code totalDuration} sums the known durations, in seconds. */
public record VideoStats(UUID courseId, long total, long ready, long queued, long inprogress, long error,
        double totalDuration) {

    static VideoStats from(UUID courseId, Row row) {
        return new VideoStats(courseId, row.getLong("total"), row.getLong("ready"), row.getLong("queued"),
                row.getLong("inprogress"), row.getLong("error"), row.getDouble("total_duration"));
    }
}
