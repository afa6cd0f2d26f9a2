package com.coursevideo.progress;

import java.util.List;

import com.coursevideo.error.VideoError;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of {@code PUT /api/videos/{id}/progress}: where playback is, and the stretches played
 * since the previous heartbeat. Checked as it is made, in the words of the contract's other
 * bodies (the first wrong field by name, what it must be), without Bean Validation: heartbeats are
 * the most frequent request, and validating their nested lists cost 4 % of one. The bounds that
 * need the video (at most its duration) are checked against it ({@link Stretches#read}).
 */
@RegisterForReflection
public record Heartbeat(
        @JsonPropertyDescription("a number >= 0") Double position,
        @JsonPropertyDescription(WATCHED) List<List<Double>> watched) {

    static final int MAX_STRETCHES = 50;
    static final String WATCHED_RULE = "must be [from, to] pairs of numbers with 0 <= from < to";
    private static final String WATCHED = "an array of at most 50 [from, to] pairs of numbers, 0 <= from < to";

    public Heartbeat {
        if (position == null) {
            throw VideoError.invalidInput("position is required");
        }
        if (!Double.isFinite(position) || position < 0) {
            throw VideoError.invalidInput("position must be a number >= 0");
        }
        if (watched == null) {
            throw VideoError.invalidInput("watched is required");
        }
        if (watched.size() > MAX_STRETCHES) {
            throw VideoError.invalidInput("watched must hold at most " + MAX_STRETCHES + " stretches");
        }
        for (List<Double> stretch : watched) {
            if (!isStretch(stretch)) {
                throw VideoError.invalidInput("watched " + WATCHED_RULE);
            }
        }
    }

    /** Two finite numbers, {@code 0 <= from < to}. */
    private static boolean isStretch(List<Double> stretch) {
        if (stretch == null || stretch.size() != 2 || stretch.get(0) == null || stretch.get(1) == null) {
            return false;
        }
        double from = stretch.get(0);
        double to = stretch.get(1);
        return Double.isFinite(from) && Double.isFinite(to) && from >= 0 && from < to;
    }
}
