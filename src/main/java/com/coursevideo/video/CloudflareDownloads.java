package com.coursevideo.video;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.cloudflare.CloudflareConfig;
import com.coursevideo.cloudflare.CloudflareStream;
import com.coursevideo.cloudflare.budget.CloudflareBudget.Priority;
import com.coursevideo.work.Outcome;
import com.coursevideo.work.WorkHandler;
import com.coursevideo.work.WorkItem;

import io.smallrye.mutiny.Uni;

/**
 * Jobs {@code cloudflare.downloads}, keyed by uid: a video's default MP4 download at Cloudflare
 * follows the row's {@code downloadable}, and {@code download_status} follows Cloudflare. A
 * downloadable ready video without a download asks for one ({@code POST /stream/{uid}/downloads})
 * and is checked again ({@code GET}) while Cloudflare makes it; one no longer downloadable has it
 * deleted. A video not ready yet has nothing to download: the write that makes it ready queues this
 * again. Retried like settings until Cloudflare answers.
 */
@ApplicationScoped
public class CloudflareDownloads extends WorkHandler {

    public static final String KIND = "cloudflare.downloads";

    private final VideoRepository videos;
    private final VideoStore store;
    private final CloudflareStream cloudflare;
    private final SyncConfig sync;

    CloudflareDownloads(VideoRepository videos, VideoStore store, CloudflareStream cloudflare, CloudflareConfig config,
            SyncConfig sync) {
        super(KIND, Policy.DEFAULT.firstRetryAfter(config.deletionRetryInterval()));
        this.videos = videos;
        this.store = store;
        this.cloudflare = cloudflare;
        this.sync = sync;
    }

    @Override
    public Uni<Outcome> perform(WorkItem item) {
        Priority priority = Priority.of(item.urgent());
        return videos.findByCloudflareId(item.key()).chain(video -> {
            if (video == null) {
                return Uni.createFrom().item(Outcome.done());
            }
            if (!video.downloadable()) {
                return CourseVideo.DOWNLOAD_NONE.equals(video.downloadStatus()) ? Uni.createFrom().item(Outcome.done())
                        : cloudflare.deleteDownload(item.key(), priority)
                                .chain(() -> settle(video, CourseVideo.DOWNLOAD_NONE));
            }
            if (video.status() != VideoStatus.READY || CourseVideo.DOWNLOAD_READY.equals(video.downloadStatus())) {
                return Uni.createFrom().item(Outcome.done());
            }
            Uni<String> status = "inprogress".equals(video.downloadStatus())
                    ? cloudflare.downloadStatus(item.key(), priority)
                    : cloudflare.createDownload(item.key(), priority);
            return status.chain(found -> found == null ? Uni.createFrom().item(Outcome.done())
                    // a download Cloudflare lost (none) is asked for again
                    : "none".equals(found) ? settle(video, CourseVideo.DOWNLOAD_NONE).replaceWith(Outcome.again(Duration.ZERO))
                    : settle(video, found));
        });
    }

    /** Records the status (unless the row's downloadable changed meanwhile); checked again later while in progress. */
    private Uni<Outcome> settle(CourseVideo video, String status) {
        Uni<Void> recorded = status.equals(video.downloadStatus()) ? Uni.createFrom().voidItem()
                : store.downloadStatus(video.id(), video.downloadable(), status);
        return recorded.replaceWith("inprogress".equals(status) ? Outcome.again(sync.pollInterval()) : Outcome.done());
    }
}
