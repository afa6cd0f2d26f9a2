package com.coursevideo.progress;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.mutiny.sqlclient.Row;

/** A learner's progress on one video, as they read it; all zero before their first heartbeat. */
@RegisterForReflection
public record LearnerProgress(UUID videoId, double position, double watchedFraction, boolean completed,
        OffsetDateTime completedAt, OffsetDateTime updatedAt) {

    static LearnerProgress none(UUID videoId) {
        return new LearnerProgress(videoId, 0, 0, false, null, null);
    }

    /** The row ({@code position, watched_seconds, completed, completed_at, last_heartbeat_at}) of a video of that duration. */
    static LearnerProgress from(UUID videoId, Double duration, Row row) {
        return new LearnerProgress(videoId, row.getDouble("position"), fraction(row.getBigDecimal("watched_seconds"), duration),
                row.getBoolean("completed"), row.getOffsetDateTime("completed_at"), row.getOffsetDateTime("last_heartbeat_at"));
    }

    /** Covered seconds over the duration, at most 1, to 3 decimals; 0 for a video of unknown or no duration. */
    static double fraction(BigDecimal watched, Double duration) {
        if (duration == null || duration <= 0 || watched == null) {
            return 0;
        }
        BigDecimal fraction = watched.divide(BigDecimal.valueOf(duration), 6, RoundingMode.HALF_UP)
                .setScale(3, RoundingMode.HALF_UP);
        return Math.min(1.0, fraction.doubleValue());
    }
}
