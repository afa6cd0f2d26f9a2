package com.coursevideo.progress;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** How a course's learners stand on one of its videos (admin). */
@RegisterForReflection
public record ProgressSummary(UUID videoId, String lessonId, long learnersStarted, long learnersCompleted,
        double medianWatchedFraction) {
}
