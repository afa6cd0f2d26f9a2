package com.coursevideo.video;

import static com.coursevideo.video.VideoField.*;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

import com.coursevideo.error.VideoError;
import com.coursevideo.http.Ids;
import com.coursevideo.http.JsonBody;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A validated {@code POST /api/videos} body. */
record NewVideo(UUID courseId, String lessonId, String cloudflareVideoId, String title, String description,
        Double duration, String thumbnailUrl, VideoStatus status, int processingProgress, ObjectNode metadata,
        boolean requireSignedUrls, ReleaseWindow window) {

    private static final Pattern STREAM_UID = Pattern.compile("[0-9a-f]{32}");

    static NewVideo read(JsonBody body) {
        UUID courseId = Ids.parse("course_id", body.required("course_id", JsonBody::text));
        String uid = body.required("cloudflare_video_id", JsonBody::text);
        if (!STREAM_UID.matcher(uid).matches()) {
            throw VideoError.invalidInput("cloudflare_video_id must be 32 lowercase hex characters");
        }
        VideoStatus status = Objects.requireNonNullElse(STATUS.optional(body), VideoStatus.QUEUED);
        int defaultProgress = status == VideoStatus.READY ? 100 : 0;
        return new NewVideo(courseId,
                LESSON_ID.required(body),
                uid,
                TITLE.required(body),
                DESCRIPTION.optional(body),
                DURATION.optional(body),
                THUMBNAIL_URL.optional(body),
                status,
                Objects.requireNonNullElse(PROCESSING_PROGRESS.optional(body), defaultProgress),
                METADATA.optional(body),
                Objects.requireNonNullElse(REQUIRE_SIGNED_URLS.optional(body), false),
                ReleaseWindow.read(body));
    }
}
