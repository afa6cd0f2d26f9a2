package com.coursevideo.video;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.cloudflare.CloudflareBudget.Priority;
import com.coursevideo.cloudflare.CloudflareConfig;
import com.coursevideo.cloudflare.CloudflareStream;
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
public class CloudflareSettings implements WorkHandler {

    public static final String KIND = "cloudflare.settings";

    private final VideoRepository videos;
    private final VideoStore store;
    private final CloudflareStream cloudflare;
    private final Policy policy;

    CloudflareSettings(VideoRepository videos, VideoStore store, CloudflareStream cloudflare, CloudflareConfig config) {
        this.videos = videos;
        this.store = store;
        this.cloudflare = cloudflare;
        this.policy = new Policy(Policy.DEFAULT.batch(), Policy.DEFAULT.concurrency(), Policy.DEFAULT.lease(),
                config.deletionRetryInterval(), Policy.DEFAULT.maxRetry());
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Policy policy() {
        return policy;
    }

    @Override
    public Uni<Outcome> perform(WorkItem item) {
        Priority priority = item.urgent() ? Priority.USER : Priority.BACKGROUND;
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
