package com.coursevideo.progress;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.coursevideo.access.Viewer;
import com.coursevideo.course.CourseRepository;
import com.coursevideo.error.ErrorCode;
import com.coursevideo.error.VideoError;
import com.coursevideo.video.CourseVideo;
import com.coursevideo.video.VideoService;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Learner progress: heartbeats in (through the {@link HeartbeatBuffer}), and what learners and
 * admins read of it. A learner records and reads progress on the videos they may see: a video of
 * a course they are not enrolled in is {@code 403}, one that does not exist for them (not ready,
 * not released, no such video) {@code 404}.
 */
@ApplicationScoped
class ProgressService {

    private static final Logger LOG = Logger.getLogger(ProgressService.class);

    private final VideoService videos;
    private final CourseRepository courses;
    private final HeartbeatBuffer buffer;
    private final ProgressFlush flush;
    private final ProgressStore store;
    private final ProgressReads reads;
    private final long videoMemoryNanos;
    /** Videos heartbeats came for, as read a moment ago ({@link ProgressConfig#videoMemory()}). */
    private final Map<UUID, Recent> recent = new ConcurrentHashMap<>();

    ProgressService(VideoService videos, CourseRepository courses, HeartbeatBuffer buffer, ProgressFlush flush,
            ProgressStore store, ProgressReads reads, ProgressConfig config) {
        this.videoMemoryNanos = config.videoMemory().toNanos();
        this.videos = videos;
        this.courses = courses;
        this.buffer = buffer;
        this.flush = flush;
        this.store = store;
        this.reads = reads;
    }

    /** Records the heartbeat of {@code viewer} (the token's sub) on the video. */
    Uni<Void> heartbeat(Viewer viewer, UUID videoId, Heartbeat heartbeat) {
        String learner = learner(viewer);
        return recentlyVisible(viewer, videoId).chain(video -> buffer.add(videoId, learner,
                Stretches.position(heartbeat, video.duration()), Stretches.read(heartbeat, video.duration())));
    }

    /** {@link #visible}, from the video as read less than {@code progress.video-memory} ago when there is one. */
    private Uni<CourseVideo> recentlyVisible(Viewer viewer, UUID videoId) {
        Recent known = recent.get(videoId);
        long now = System.nanoTime();
        if (known != null && now - known.readAt < videoMemoryNanos) {
            return Uni.createFrom().item(() -> check(viewer, known.video));
        }
        return videos.find(videoId)
                .invoke(video -> {
                    if (recent.size() >= RECENT_LIMIT) {
                        recent.clear(); // a crowd of videos at once: they are read again, nothing more
                    }
                    recent.put(videoId, new Recent(video, now));
                })
                .map(video -> check(viewer, video));
    }

    private static final int RECENT_LIMIT = 10_000;

    private record Recent(CourseVideo video, long readAt) {
    }

    /** The viewer's own progress on the video. */
    Uni<LearnerProgress> mine(Viewer viewer, UUID videoId) {
        String learner = learner(viewer);
        return visible(viewer, videoId).chain(video -> reads.find(video, learner));
    }

    /** The viewer's own progress on every video of the course they may see, in lesson order. */
    Uni<List<LearnerProgress>> ofCourse(Viewer viewer, UUID courseId) {
        String learner = learner(viewer);
        return videos.listVisible(viewer, courseId).chain(list -> reads.find(list, learner));
    }

    Uni<List<ProgressSummary>> summary(UUID courseId) {
        return existingCourse(courseId).chain(() -> reads.summary(courseId));
    }

    Uni<Void> existingCourse(UUID courseId) {
        return courses.find(courseId).onItem().ifNull().failWith(() -> VideoError.courseNotFound(courseId)).replaceWithVoid();
    }

    Multi<String> export(UUID courseId) {
        return reads.export(courseId);
    }

    /**
     * Erases everything recorded for the learner: what the buffer holds is flushed first, so that
     * nothing of theirs reaches PostgreSQL after the erasure. When the buffer cannot be flushed
     * (Redis down), what PostgreSQL holds is erased all the same and the answer is {@code 503}: the
     * erasure is to be repeated, as heartbeats still in Redis would be written after it.
     */
    Uni<Void> erase(String learner) {
        return flush.flushAll()
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("erasure of a learner's progress: the heartbeat buffer could not be flushed first: %s",
                            failure.toString());
                    return store.erase(learner).chain(() -> Uni.createFrom().failure(VideoError.databaseUnavailable()));
                })
                .chain(() -> store.erase(learner))
                .replaceWithVoid();
    }

    /** The video, when the viewer may see it: enrolled in its course ({@code 403}), existing for them ({@code 404}). */
    private Uni<CourseVideo> visible(Viewer viewer, UUID videoId) {
        return videos.find(videoId).map(video -> check(viewer, video));
    }

    private static CourseVideo check(Viewer viewer, CourseVideo video) {
        viewer.requireEnrolled(video.courseId());
        if (!video.existsFor(viewer, Instant.now())) {
            throw VideoError.videoNotFound(video.id());
        }
        return video;
    }

    private static String learner(Viewer viewer) {
        if (viewer.subject() == null || viewer.subject().isEmpty()) {
            throw new VideoError(ErrorCode.FORBIDDEN, "the token names no learner (sub)");
        }
        return viewer.subject();
    }
}
