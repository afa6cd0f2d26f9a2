package com.coursevideo.video;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.cloudflare.CloudflareBudget.Priority;
import com.coursevideo.cloudflare.CloudflareOutbox;
import com.coursevideo.cloudflare.CloudflareOutbox.Action;
import com.coursevideo.cloudflare.CloudflareStream;

import io.smallrye.mutiny.Uni;

/**
 * Enforces a video's {@code require_signed_urls} at Cloudflare, for the outbox: sends what the row
 * says now (the row wins), and once Cloudflare answered with that setting marks the row
 * {@code signed_urls_enforced}, unless the row changed meanwhile (its newer request is queued).
 */
@ApplicationScoped
class SignedUrlSettings implements CloudflareOutbox.Task {

    private final VideoRepository videos;
    private final VideoCache cache;
    private final CloudflareStream cloudflare;

    SignedUrlSettings(VideoRepository videos, VideoCache cache, CloudflareStream cloudflare) {
        this.videos = videos;
        this.cache = cache;
        this.cloudflare = cloudflare;
    }

    @Override
    public Action action() {
        return Action.REQUIRE_SIGNED_URLS;
    }

    @Override
    public Uni<Void> perform(String uid, Priority priority) {
        return videos.findByCloudflareId(uid)
                // no row (deleted since): nothing to enforce; Cloudflare no longer has it: sync will say so
                .chain(video -> video == null ? Uni.createFrom().voidItem()
                        : cloudflare.requireSignedUrls(uid, video.requireSignedUrls(), priority)
                                .chain(live -> live == null ? Uni.createFrom().voidItem()
                                        : confirm(video, live.requireSignedUrls())));
    }

    private Uni<Void> confirm(CourseVideo video, Boolean atCloudflare) {
        if (atCloudflare != null && atCloudflare != video.requireSignedUrls()) {
            return Uni.createFrom().failure(new IllegalStateException(
                    "Cloudflare still answers requireSignedURLs " + atCloudflare));
        }
        return videos.confirmSignedUrls(video.id(), video.requireSignedUrls())
                .call(updated -> updated == null ? Uni.createFrom().voidItem()
                        : cache.invalidate(updated.before(), updated.video().state()))
                .replaceWithVoid();
    }
}
