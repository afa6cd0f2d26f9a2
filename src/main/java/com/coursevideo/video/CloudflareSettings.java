package com.coursevideo.video;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.cloudflare.CloudflareConfig;
import com.coursevideo.cloudflare.CloudflareStream;
import com.coursevideo.cloudflare.budget.CloudflareBudget.Priority;
import com.coursevideo.work.Outcome;
import com.coursevideo.work.WorkHandler;
import com.coursevideo.work.WorkItem;

import io.smallrye.mutiny.Uni;

/**
 * Jobs {@code cloudflare.settings}, keyed by uid: a video's settings reach Cloudflare. It sends what
 * the row says now (the row wins), and once Cloudflare answered with that setting marks the row
 * {@code signed_urls_enforced}, unless the row changed meanwhile (its newer request is queued).
 * Retried like deletions until Cloudflare confirms.
 */
@ApplicationScoped
public class CloudflareSettings extends WorkHandler {

    public static final String KIND = "cloudflare.settings";

    private final VideoRepository videos;
    private final VideoStore store;
    private final CloudflareStream cloudflare;

    CloudflareSettings(VideoRepository videos, VideoStore store, CloudflareStream cloudflare, CloudflareConfig config) {
        super(KIND, Policy.DEFAULT.firstRetryAfter(config.deletionRetryInterval()));
        this.videos = videos;
        this.store = store;
        this.cloudflare = cloudflare;
    }

    @Override
    public Uni<Outcome> perform(WorkItem item) {
        Priority priority = Priority.of(item.urgent());
        return videos.findByCloudflareId(item.key())
                // no row (deleted since): nothing to enforce; Cloudflare no longer has it: sync will say so
                .chain(video -> video == null ? Uni.createFrom().item(Outcome.done())
                        : cloudflare.requireSignedUrls(item.key(), video.requireSignedUrls(), priority)
                                .chain(live -> live == null ? Uni.createFrom().item(Outcome.done())
                                        : confirm(video, live.requireSignedUrls())));
    }

    private Uni<Outcome> confirm(CourseVideo video, Boolean atCloudflare) {
        if (atCloudflare != null && atCloudflare != video.requireSignedUrls()) {
            return Uni.createFrom().item(Outcome.failed("Cloudflare still answers requireSignedURLs " + atCloudflare));
        }
        return store.confirmSignedUrls(video.id(), video.requireSignedUrls()).replaceWith(Outcome.done());
    }
}
