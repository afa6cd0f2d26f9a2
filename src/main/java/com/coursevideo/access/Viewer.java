package com.coursevideo.access;

import java.util.Set;
import java.util.UUID;

import com.coursevideo.error.ErrorCode;
import com.coursevideo.error.VideoError;

/**
 * Who is asking: an admin, or a learner enrolled in the courses of their token's {@code courses}
 * claim. Which endpoints a role may call is declared on the endpoints
 * ({@code @RolesAllowed(Viewer.ADMIN)}, {@code @Authenticated}); what a learner may see of a video
 * is the video's to say ({@code CourseVideo.existsFor}).
 *
 * @param subject the token's {@code sub}: the learner whose progress a heartbeat records
 */
public record Viewer(boolean admin, String subject, Set<UUID> courses) {

    /** The {@code groups} entry that makes a token an admin's. */
    public static final String ADMIN = "video-admin";

    static Viewer admin(String subject) {
        return new Viewer(true, subject, Set.of());
    }

    static Viewer learner(String subject, Set<UUID> courses) {
        return new Viewer(false, subject, Set.copyOf(courses));
    }

    /** Whether this viewer may read the course: an admin any, a learner those they are enrolled in. */
    public boolean enrolledIn(UUID courseId) {
        return admin || courses.contains(courseId);
    }

    /** A learner may only read the courses they are enrolled in: {@code 403 FORBIDDEN} otherwise. */
    public void requireEnrolled(UUID courseId) {
        if (!enrolledIn(courseId)) {
            throw new VideoError(ErrorCode.FORBIDDEN, "the token is not enrolled in course " + courseId);
        }
    }

    /** A learner lists {@code ready} videos only. @param filter {@code all} or a status */
    public void requireListable(String filter) {
        if (!admin && !"ready".equals(filter)) {
            throw new VideoError(ErrorCode.FORBIDDEN, "learners may only list ready videos");
        }
    }
}
