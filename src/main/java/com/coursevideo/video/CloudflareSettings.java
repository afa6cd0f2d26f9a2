package com.coursevideo.video;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.cloudflare.CloudflareConfig;
import com.coursevideo.cloudflare.CloudflareStream;
import com.coursevideo.cloudflare.StreamVideo;
import com.coursevideo.cloudflare.budget.CloudflareBudget.Priority;
import com.coursevideo.work.Outcome;
import com.coursevideo.work.WorkHandler;
import com.coursevideo.work.WorkItem;

import io.smallrye.mutiny.Uni;

/**
 * Jobs {@code cloudflare.settings}, keyed by uid: a video's settings reach Cloudflare in one
 * {@code POST /stream/{uid}}: {@code requireSignedURLs}, {@code thumbnailTimestampPct} and its
 * course's {@code allowedOrigins}. It sends what the rows say now (the rows win), and once Cloudflare
 * answered with those settings marks the row {@code signed_urls_enforced}, unless the row changed
 * meanwhile (its newer request is queued). Retried like deletions until Cloudflare confirms. A
 * course's new origins queue one of these for each of its videos, worked at background priority.
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
                        : videos.allowedOrigins(video.courseId()).chain(origins -> cloudflare.updateSettings(item.key(),
                                        video.requireSignedUrls(), video.thumbnailTimestampPct(), origins, priority)
                                .chain(live -> live == null ? Uni.createFrom().item(Outcome.done())
                                        : confirm(video, origins, live))));
    }

    private Uni<Outcome> confirm(CourseVideo video, List<String> origins, StreamVideo live) {
        String drift = drift(video, origins, live);
        if (drift != null) {
            return Uni.createFrom().item(Outcome.failed("Cloudflare still answers " + drift));
        }
        return store.confirmSignedUrls(video.id(), video.requireSignedUrls()).replaceWith(Outcome.done());
    }

    /** What of Cloudflare's video object differs from the rows' settings (what it leaves out does not); null when nothing. */
    static String drift(CourseVideo video, List<String> origins, StreamVideo live) {
        if (live.requireSignedUrls() != null && live.requireSignedUrls() != video.requireSignedUrls()) {
            return "requireSignedURLs " + live.requireSignedUrls();
        }
        if (live.thumbnailTimestampPct() != null && Math.abs(live.thumbnailTimestampPct() - video.thumbnailTimestampPct()) > 1e-9) {
            return "thumbnailTimestampPct " + live.thumbnailTimestampPct();
        }
        if (origins != null && live.allowedOrigins() != null && !Set.copyOf(live.allowedOrigins()).equals(Set.copyOf(origins))) {
            return "allowedOrigins " + live.allowedOrigins();
        }
        return null;
    }
}
