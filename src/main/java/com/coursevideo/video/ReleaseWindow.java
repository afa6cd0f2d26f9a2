package com.coursevideo.video;

import java.time.OffsetDateTime;

import com.coursevideo.error.VideoError;

/**
 * When a video exists for learners: from {@code available_from} until before {@code available_until};
 * null is an open end. Checked as soon as a body names both, so that an upload is refused before
 * Cloudflare is asked for a slot; PATCH, which may set one end only, is checked by the table's constraint.
 */
record ReleaseWindow(OffsetDateTime from, OffsetDateTime until) {

    static final String BACKWARDS = "available_until must be later than available_from";
    /** What a timestamp field takes, for the detail of one of another type. */
    static final String TIMESTAMP = "an ISO-8601 timestamp with an offset, e.g. 2026-01-31T09:00:00Z";

    ReleaseWindow {
        if (from != null && until != null && !until.isAfter(from)) {
            throw VideoError.invalidInput(BACKWARDS);
        }
    }
}
