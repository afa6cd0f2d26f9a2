package com.coursevideo.video;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.cloudflare.CloudflareStream;
import com.coursevideo.cloudflare.budget.CloudflareBudget.Priority;
import com.coursevideo.error.ErrorCode;
import com.coursevideo.error.VideoError;
import com.coursevideo.http.BodyProblems;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
    private final BodyProblems bodies;

    VideoAdoption(CloudflareStream cloudflare, VideoStore store, VideoSync sync, BodyProblems bodies) {
        this.cloudflare = cloudflare;
        this.store = store;
        this.sync = sync;
        this.bodies = bodies;
    }

    /**
     * {@code {cloudflare_video_id, course_id, lesson_id, title}} (and optionally {@code description},
     * {@code metadata}, a release window), read as a {@link NewVideo} once it names none of the fields
     * Cloudflare's answer sets: the new row, synced. 404 {@code VIDEO_NOT_FOUND} when Cloudflare does
     * not know the uid.
     */
    public Uni<CourseVideo> adopt(ObjectNode body) {
        for (String field : CLOUDFLARES) {
            if (BodyProblems.required(body).has(field)) {
                throw VideoError.invalidInput(field + " cannot be set when adopting a video: Cloudflare's answer sets it");
            }
        }
        NewVideo asked = bodies.read(body, NewVideo.class);
        return cloudflare.video(asked.cloudflareVideoId(), Priority.USER)
                .onItem().ifNull().failWith(() -> new VideoError(ErrorCode.VIDEO_NOT_FOUND,
                        "Cloudflare has no video " + asked.cloudflareVideoId()))
                .chain(live -> store.create(new NewVideo(asked.courseId(), asked.lessonId(), asked.cloudflareVideoId(),
                        asked.title(), asked.description(), null, null, VideoStatus.QUEUED, 0, asked.metadata(),
                        Boolean.TRUE.equals(live.requireSignedUrls()), asked.availableFrom(), asked.availableUntil(),
                        asked.downloadable(), asked.thumbnailTimestampPct()))
                        .chain(created -> sync.apply(created, live)));
    }
}
