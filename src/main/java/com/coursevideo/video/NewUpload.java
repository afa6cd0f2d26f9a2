package com.coursevideo.video;

import static com.coursevideo.video.VideoField.DESCRIPTION;
import static com.coursevideo.video.VideoField.LESSON_ID;
import static com.coursevideo.video.VideoField.REQUIRE_SIGNED_URLS;
import static com.coursevideo.video.VideoField.TITLE;

import java.util.Objects;

import com.coursevideo.http.JsonBody;

/** A validated {@code POST /api/courses/{courseId}/videos/uploads} body. */
record NewUpload(String lessonId, String title, String description, int maxDurationSeconds,
        boolean requireSignedUrls, ReleaseWindow window) {

    static NewUpload read(JsonBody body) {
        return new NewUpload(
                LESSON_ID.required(body),
                TITLE.required(body),
                DESCRIPTION.optional(body),
                body.required("max_duration_seconds", JsonBody.integerBetween(1, 21600)),
                Objects.requireNonNullElse(REQUIRE_SIGNED_URLS.optional(body), false),
                ReleaseWindow.read(body));
    }
}
