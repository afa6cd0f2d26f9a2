package com.coursevideo.progress;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.coursevideo.http.constraint.NonNegative;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of {@code PUT /api/videos/{id}/progress}: where playback is, and the stretches played
 * since the previous heartbeat. The bounds that need the video (at most its duration) are checked
 * against it ({@link Stretches#read}).
 */
@RegisterForReflection
public record Heartbeat(
        @NotNull(message = "is required") @NonNegative @JsonPropertyDescription("a number >= 0") Double position,
        @NotNull(message = "is required") @Size(max = MAX_STRETCHES, message = "must hold at most {max} stretches")
        @JsonPropertyDescription(WATCHED) List<@NotNull(message = WATCHED_RULE) @Stretch List<Double>> watched) {

    static final int MAX_STRETCHES = 50;
    static final String WATCHED_RULE = "must be [from, to] pairs of numbers with 0 <= from < to";
    private static final String WATCHED = "an array of at most 50 [from, to] pairs of numbers, 0 <= from < to";
}
