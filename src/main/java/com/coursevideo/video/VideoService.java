package com.coursevideo.video;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.cloudflare.CloudflareDeletions;
import com.coursevideo.error.VideoError;

import io.smallrye.mutiny.Uni;

/**
 * Reads go through the cache; writes go to PostgreSQL and then invalidate what they changed,
 * before the caller answers.
 */
@ApplicationScoped
public class VideoService {

    private final VideoRepository videos;
    private final VideoCache cache;
    private final CloudflareDeletions deletions;

    VideoService(VideoRepository videos, VideoCache cache, CloudflareDeletions deletions) {
        this.videos = videos;
        this.cache = cache;
        this.deletions = deletions;
    }

    public Uni<CourseVideo> create(NewVideo video) {
        return videos.insert(video)
                .call(created -> cache.invalidate(null, created.state()));
    }

    public Uni<CourseVideo> find(UUID id) {
        return cache.byId(id, () -> videos.findById(id))
                .onItem().ifNull().failWith(() -> VideoError.videoNotFound(id));
    }

    /** {@link #find} as the API's JSON, which a cache hit answers without decoding. */
    public Uni<String> findJson(UUID id) {
        return cache.byIdJson(id, () -> videos.findById(id))
                .onItem().ifNull().failWith(() -> VideoError.videoNotFound(id));
    }

    /** The lesson's video as the API's JSON. */
    public Uni<String> findByLessonJson(UUID courseId, String lessonId) {
        return cache.byLessonJson(courseId, lessonId, () -> videos.findByLesson(courseId, lessonId))
                .onItem().ifNull().failWith(() -> VideoError.lessonHasNoVideo(courseId, lessonId));
    }

    /** The course's videos as the API's JSON array; @param status null for all of them */
    public Uni<String> listByCourseJson(UUID courseId, VideoStatus status) {
        String filter = status == null ? "all" : status.value();
        return cache.listJson(courseId, filter, () -> videos.listByCourse(courseId, status));
    }

    public Uni<CourseVideo> update(UUID id, VideoPatch patch) {
        return videos.update(id, patch)
                .onItem().ifNull().failWith(() -> VideoError.videoNotFound(id))
                .call(updated -> cache.invalidate(updated.before(), updated.video().state()))
                .map(VideoRepository.Updated::video);
    }

    /**
     * Deletes the row; with {@code fromCloudflare}, its Cloudflare video too: queued in the same
     * transaction, then tried once before answering (the outbox retries what fails).
     */
    public Uni<Void> delete(UUID id, boolean fromCloudflare) {
        return videos.delete(id, fromCloudflare)
                .onItem().ifNull().failWith(() -> VideoError.videoNotFound(id))
                .call(deleted -> cache.invalidate(deleted, null))
                .call(deleted -> fromCloudflare ? deletions.attempt(deleted.cloudflareVideoId())
                        : Uni.createFrom().voidItem())
                .replaceWithVoid();
    }

    public Uni<VideoStats> stats(UUID courseId) {
        return videos.stats(courseId);
    }
}
