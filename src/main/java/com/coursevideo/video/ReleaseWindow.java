package com.coursevideo.video;

import static com.coursevideo.video.VideoField.AVAILABLE_FROM;
import static com.coursevideo.video.VideoField.AVAILABLE_UNTIL;

import java.time.OffsetDateTime;

import com.coursevideo.error.VideoError;
import com.coursevideo.http.JsonBody;

/**
 * When a video exists for learners: from {@code available_from} until before {@code available_until};
 * null is an open end. Checked when a body is read, so that an upload is refused before Cloudflare
 * is asked for a slot; PATCH, which may set one end only, is checked by the table's constraint.
 */
record ReleaseWindow(OffsetDateTime from, OffsetDateTime until) {

    static final String BACKWARDS = "available_until must be later than available_from";

    static ReleaseWindow read(JsonBody body) {
        ReleaseWindow window = new ReleaseWindow(AVAILABLE_FROM.optional(body), AVAILABLE_UNTIL.optional(body));
        if (window.from != null && window.until != null && !window.until.isAfter(window.from)) {
            throw VideoError.invalidInput(BACKWARDS);
        }
        return window;
    }
}
