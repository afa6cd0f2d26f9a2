package com.coursevideo.video;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.cloudflare.CloudflareBudget.Priority;
import com.coursevideo.cloudflare.CloudflareStream;
import com.coursevideo.error.ErrorCode;
import com.coursevideo.error.VideoError;
import com.coursevideo.http.JsonBody;

import io.smallrye.mutiny.Uni;

/**
 * Registers a video that exists at Cloudflare but that no row references (an orphan a
 * reconciliation reported: made in Cloudflare's dashboard, or an upload nobody registered). What
 * Cloudflare knows of it (its state, duration, thumbnail, whether it requires signed URLs) is
 * Cloudflare's to say: the row is synced from Cloudflare's answer at once.
 */
@ApplicationScoped
public class VideoAdoption {

    /** Fields a client may not set on adoption: Cloudflare tells them. */
    private static final List<String> CLOUDFLARES = List.of("status", "processing_progress", "duration", "thumbnail_url",
            "require_signed_urls", "error_message");

    private final CloudflareStream cloudflare;
    private final VideoStore store;
    private final VideoSync sync;

    VideoAdoption(CloudflareStream cloudflare, VideoStore store, VideoSync sync) {
        this.cloudflare = cloudflare;
        this.store = store;
        this.sync = sync;
    }

    /**
     * {@code {cloudflare_video_id, course_id, lesson_id, title}} (and optionally {@code description},
     * {@code metadata}, a release window): the new row, synced. 404 {@code VIDEO_NOT_FOUND} when
     * Cloudflare does not know the uid.
     */
    public Uni<CourseVideo> adopt(JsonBody body) {
        for (String field : CLOUDFLARES) {
            if (body.has(field)) {
                throw VideoError.invalidInput(field + " cannot be set when adopting a video: Cloudflare's answer sets it");
            }
        }
        NewVideo asked = NewVideo.read(body);
        return cloudflare.video(asked.cloudflareVideoId(), Priority.USER)
                .onItem().ifNull().failWith(() -> new VideoError(ErrorCode.VIDEO_NOT_FOUND,
                        "Cloudflare has no video " + asked.cloudflareVideoId()))
                .chain(live -> store.create(new NewVideo(asked.courseId(), asked.lessonId(), asked.cloudflareVideoId(),
                        asked.title(), asked.description(), null, null, VideoStatus.QUEUED, 0, asked.metadata(),
                        Boolean.TRUE.equals(live.requireSignedUrls()), asked.window()))
                        .chain(created -> sync.apply(created, live)));
    }
}
