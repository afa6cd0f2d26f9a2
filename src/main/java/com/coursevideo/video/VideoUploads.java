package com.coursevideo.video;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.cloudflare.CloudflareConfig;
import com.coursevideo.cloudflare.CloudflareStream;
import com.coursevideo.error.VideoError;
import com.coursevideo.video.CloudflareDeletions;
import com.coursevideo.work.WorkQueue;

import io.smallrye.mutiny.Uni;

/**
 * Direct creator uploads, in one piece or resumable (tus): Cloudflare makes a one-time upload URL
 * for the admin's browser, and the video is registered, queued, under the uid it returned. Nothing
 * is registered when Cloudflare fails; an upload slot whose video cannot be registered is deleted
 * at Cloudflare again, at once when the database allows, else by {@link UploadIntents}.
 */
@ApplicationScoped
public class VideoUploads {

    private final VideoRepository videos;
    private final VideoStore store;
    private final CloudflareStream cloudflare;
    private final WorkQueue work;
    private final CloudflareConfig config;
    private final UploadIntents intents;

    VideoUploads(VideoRepository videos, VideoStore store, CloudflareStream cloudflare, WorkQueue work,
            CloudflareConfig config, UploadIntents intents) {
        this.videos = videos;
        this.store = store;
        this.cloudflare = cloudflare;
        this.work = work;
        this.config = config;
        this.intents = intents;
    }

    /** {@code upload_expires_at} in the contract's shape. */
    public record Upload(CourseVideo video, String uploadUrl, OffsetDateTime uploadExpiresAt) {
    }

    /** A direct creator upload: one multipart POST of at most 200 MB to the URL. */
    public Uni<Upload> create(UUID courseId, NewUpload upload) {
        Instant expiry = Instant.now().plus(config.uploadExpiry());
        return open(courseId, upload, creator -> cloudflare.createDirectUpload(upload.maxDurationSeconds(), expiry,
                upload.requireSignedUrls(), creator, Map.of("course_id", courseId.toString(), "lesson_id", upload.lessonId(),
                        "name", upload.title())));
    }

    /**
     * A resumable (tus) upload of {@code length} bytes: the URL takes it in chunks, and tells after
     * an interruption how much arrived. Cloudflare's {@code name} for it is {@code <course id>/<lesson id>}.
     */
    public Uni<Upload> createTus(UUID courseId, NewUpload upload, long length) {
        Instant expiry = Instant.now().plus(config.uploadExpiry());
        return open(courseId, upload, creator -> cloudflare.createTusUpload(length, upload.maxDurationSeconds(), expiry,
                upload.requireSignedUrls(), creator, courseId + "/" + upload.lessonId()));
    }

    /** Refuses what would fail anyway, then asks Cloudflare for the slot ({@code slotBy} its creator tag) and registers it. */
    private Uni<Upload> open(UUID courseId, NewUpload upload, Function<String, Uni<CloudflareStream.DirectUpload>> slotBy) {
        // refuse what would fail anyway before making an upload slot at Cloudflare
        return videos.courseExists(courseId)
                .invoke(exists -> {
                    if (!exists) {
                        throw VideoError.courseNotFound(courseId);
                    }
                })
                .chain(() -> videos.findByLesson(courseId, upload.lessonId()))
                .invoke(existing -> {
                    if (existing != null) {
                        throw VideoError.lessonTaken();
                    }
                })
                // recorded before Cloudflare is asked: whatever happens next, the slot can be found again
                .chain(intents::open)
                .chain(intent -> slotBy.apply(UploadIntents.creator(intent))
                        .chain(slot -> register(courseId, upload, slot))
                        // registered: nothing to reap (after any failure the reaper looks at Cloudflare)
                        .call(() -> intents.close(intent)));
    }

    private Uni<Upload> register(UUID courseId, NewUpload upload, CloudflareStream.DirectUpload slot) {
        return store.create(NewVideo.uploaded(courseId, upload, slot.uid()))
                .map(created -> new Upload(created, slot.uploadUrl(), slot.expiresAt().atOffset(ZoneOffset.UTC)))
                // a lesson taken meanwhile, or a course deleted: the slot must not stay at Cloudflare (if the
                // queue cannot be written either, the intent stays and the reaper finds the slot)
                .onFailure(VideoError.class).call(failure -> work.request(CloudflareDeletions.KIND, slot.uid())
                        .chain(() -> work.attempt(CloudflareDeletions.KIND, slot.uid(), true))
                        .onFailure().recoverWithNull());
    }
}
