package com.coursevideo.error;

import java.util.UUID;

/**
 * The one failure type the service raises on purpose; {@link ProblemMapper} turns it into
 * problem+json. It carries no stack trace: it describes the request, not a bug.
 */
public final class VideoError extends RuntimeException {

    private final ErrorCode code;

    public VideoError(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public static VideoError invalidInput(String message) {
        return new VideoError(ErrorCode.INVALID_INPUT, message);
    }

    public static VideoError courseNotFound(UUID courseId) {
        return new VideoError(ErrorCode.COURSE_NOT_FOUND, "course " + courseId + " not found");
    }

    public static VideoError videoNotFound(UUID videoId) {
        return new VideoError(ErrorCode.VIDEO_NOT_FOUND, "video " + videoId + " not found");
    }

    public static VideoError lessonHasNoVideo(UUID courseId, String lessonId) {
        return new VideoError(ErrorCode.VIDEO_NOT_FOUND, "course " + courseId + " has no video for lesson " + lessonId);
    }

    public static VideoError lessonTaken() {
        return new VideoError(ErrorCode.DUPLICATE_VIDEO, "the course already has a video for this lesson_id");
    }

    public static VideoError databaseUnavailable() {
        return new VideoError(ErrorCode.DATABASE_ERROR, "the database is unavailable; retry later");
    }

    public ErrorCode code() {
        return code;
    }
}
