package com.coursevideo.access;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import com.coursevideo.error.ErrorCode;
import com.coursevideo.error.VideoError;
import com.coursevideo.video.CourseVideo;
import com.coursevideo.video.VideoStatus;

/**
 * Who is asking, and the one place that says what a learner may see. Which endpoints a role may
 * call is declared on the endpoints ({@code @RolesAllowed(Viewer.ADMIN)}, {@code @Authenticated});
 * this decides what those calls return to a learner: the courses in their {@code courses} claim
 * only, a course's {@code ready} videos inside their release window only, and no bare Cloudflare
 * uid of a video that requires signed URLs.
 */
public record Viewer(boolean admin, Set<UUID> courses) {

    /** The {@code groups} entry that makes a token an admin's. */
    public static final String ADMIN = "video-admin";

    static final Viewer AN_ADMIN = new Viewer(true, Set.of());

    static Viewer learner(Set<UUID> courses) {
        return new Viewer(false, Set.copyOf(courses));
    }

    /** A learner may only read the courses they are enrolled in: {@code 403 FORBIDDEN} otherwise. */
    public void requireEnrolled(UUID courseId) {
        if (!admin && !courses.contains(courseId)) {
            throw new VideoError(ErrorCode.FORBIDDEN, "the token is not enrolled in course " + courseId);
        }
    }

    /** A learner lists {@code ready} videos only. @param filter {@code all} or a status */
    public void requireListable(String filter) {
        if (!admin && !VideoStatus.READY.value().equals(filter)) {
            throw new VideoError(ErrorCode.FORBIDDEN, "learners may only list ready videos");
        }
    }

    /** Whether the video exists for this viewer at {@code now}. */
    public boolean maySee(CourseVideo video, Instant now) {
        return admin || courses.contains(video.courseId()) && video.status() == VideoStatus.READY
                && video.releasedAt(now);
    }

    /** The video as this viewer may see it at {@code now}; null when it does not exist for them. */
    public CourseVideo sees(CourseVideo video, Instant now) {
        return maySee(video, now) ? redacted(video) : null;
    }

    /** The video without its bare Cloudflare uid when a learner asks for one that requires signed URLs. */
    public CourseVideo redacted(CourseVideo video) {
        return admin || !video.requireSignedUrls() ? video : video.withoutBareUid();
    }

    /** The videos this viewer may see at {@code now}, in the same order. */
    public List<CourseVideo> sees(List<CourseVideo> videos, Instant now) {
        return admin ? videos : videos.stream().map(video -> sees(video, now)).filter(Objects::nonNull).toList();
    }
}
