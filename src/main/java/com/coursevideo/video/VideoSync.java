package com.coursevideo.video;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.coursevideo.cloudflare.CloudflareStream;
import com.coursevideo.cloudflare.StreamVideo;
import com.coursevideo.cloudflare.budget.CloudflareBudget.Priority;
import com.coursevideo.error.VideoError;
import com.coursevideo.work.WorkQueue;

import io.smallrye.mutiny.Uni;

/**
 * Keeps a row in step with Cloudflare Stream: a sync asks Cloudflare for the live state (or takes
 * a webhook's) and writes what differs (status, progress, URLs, duration, thumbnail, error) through
 * {@link VideoStore}. Jobs {@code video.sync} (one per processing video, see the sync package) run
 * it in the background.
 */
@ApplicationScoped
public class VideoSync {

    /** The status sync of a processing video, keyed by video id: queued by {@link VideoStore} with the row. */
    public static final String KIND = "video.sync";

    private static final Logger LOG = Logger.getLogger(VideoSync.class);
    /** A ready video turns error only when Cloudflare still says it lacks the video this long after it first did. */
    static final Duration GONE_AFTER = Duration.ofMinutes(1);

    private final VideoRepository videos;
    private final VideoStore store;
    private final CloudflareStream cloudflare;
    private final WorkQueue work;

    VideoSync(VideoRepository videos, VideoStore store, CloudflareStream cloudflare, WorkQueue work) {
        this.videos = videos;
        this.store = store;
        this.cloudflare = cloudflare;
        this.work = work;
    }

    /** The video, synced now; VIDEO_NOT_FOUND when there is none, CLOUDFLARE_ERROR when Cloudflare cannot answer. */
    public Uni<CourseVideo> sync(UUID id, Priority priority) {
        return videos.findById(id)
                .onItem().ifNull().failWith(() -> VideoError.videoNotFound(id))
                .chain(video -> sync(video, priority));
    }

    /**
     * The video, synced now when it is still processing; as it is when it is not (nothing to ask
     * Cloudflare); null when it is gone. Fails with CLOUDFLARE_ERROR when Cloudflare cannot answer.
     */
    public Uni<CourseVideo> syncWhileProcessing(UUID id, Priority priority) {
        return videos.findById(id).chain(video -> video == null || !video.status().processing()
                ? Uni.createFrom().item(video) : sync(video, priority));
    }

    /** Fails with CLOUDFLARE_ERROR when Cloudflare cannot answer. */
    public Uni<CourseVideo> sync(CourseVideo video, Priority priority) {
        return cloudflare.video(video.cloudflareVideoId(), priority).chain(live -> apply(video, live));
    }

    /** A webhook's video object, applied like a sync; null when no video has that uid. */
    public Uni<CourseVideo> applyNotification(StreamVideo notification) {
        return videos.findByCloudflareId(notification.uid())
                .chain(video -> video == null ? Uni.createFrom().nullItem() : apply(video, notification));
    }

    /**
     * Writes Cloudflare's state where it differs from the row, and repairs settings that differ
     * from the rows' (the rows win). {@code live} null means Cloudflare answered that it no
     * longer has the uid, which makes the video an error: at once while it is processing, and a
     * ready video only when Cloudflare still says so a minute after it first did.
     */
    Uni<CourseVideo> apply(CourseVideo video, StreamVideo live) {
        if (live == null) {
            return video.status() != VideoStatus.READY ? gone(video)
                    : store.missingAtCloudflare(video.id(), GONE_AFTER)
                            .chain(forGood -> forGood ? gone(video) : Uni.createFrom().item(video));
        }
        Map<VideoField<?>, Object> changes = new LinkedHashMap<>();
        VideoStatus status = VideoStatus.ofCloudflare(live.state());
        change(changes, VideoField.STATUS, video.status(), status);
        Integer progress = live.progress();
        if (progress != null) {
            change(changes, VideoField.PROCESSING_PROGRESS, video.processingProgress(), progress);
        }
        change(changes, VideoField.ERROR_MESSAGE, video.errorMessage(), live.errorMessage());
        if (live.knownDuration() != null) {
            change(changes, VideoField.DURATION, video.duration(), live.knownDuration());
        }
        if (live.thumbnail() != null) {
            change(changes, VideoField.THUMBNAIL_URL, video.thumbnailUrl(), live.thumbnail());
        }
        if (status == VideoStatus.READY && live.playback() != null) {
            change(changes, VideoField.PLAYBACK_HLS_URL, video.playbackHlsUrl(), live.playback().hls());
            change(changes, VideoField.PLAYBACK_DASH_URL, video.playbackDashUrl(), live.playback().dash());
        }
        boolean drifted = live.requireSignedUrls() != null && live.requireSignedUrls() != video.requireSignedUrls();
        if (live.requireSignedUrls() != null) {
            change(changes, VideoField.SIGNED_URLS_ENFORCED, video.signedUrlsEnforced(), !drifted);
        }
        // the row says "not enforced" before the repair is tried, or the repair's confirmation could come first
        return store.foundAtCloudflare(video.id())
                .chain(() -> record(video, changes, live.modified()))
                .call(synced -> synced.applied() ? repairDrift(synced.video(), live, drifted) : Uni.createFrom().voidItem())
                .map(Synced::video);
    }

    /**
     * Cloudflare's settings differ from the rows' (requireSignedURLs, thumbnailTimestampPct, the
     * course's allowedOrigins), or a downloadable ready video has no download: the rows win, through
     * the queue.
     */
    private Uni<Void> repairDrift(CourseVideo video, StreamVideo live, boolean signingDrifted) {
        Uni<Void> downloads = video.downloadable() && video.status() == VideoStatus.READY
                && CourseVideo.DOWNLOAD_NONE.equals(video.downloadStatus())
                ? work.request(CloudflareDownloads.KIND, video.cloudflareVideoId()) : Uni.createFrom().voidItem();
        Uni<List<String>> origins = live.allowedOrigins() == null ? Uni.createFrom().nullItem()
                : videos.allowedOrigins(video.courseId());
        return downloads.chain(() -> origins)
                .chain(courseOrigins -> signingDrifted || CloudflareSettings.drift(video, courseOrigins, live) != null
                        ? repairSettings(video) : Uni.createFrom().voidItem());
    }

    /** The row after a sync, and whether Cloudflare's state was applied (not when the row reflects a later one). */
    private record Synced(CourseVideo video, boolean applied) {
    }

    /**
     * Writes the changes as of Cloudflare's {@code modified} time, or remembers that time when nothing
     * changed. A state older than the row's changes nothing: the row as it is now.
     */
    private Uni<Synced> record(CourseVideo video, Map<VideoField<?>, Object> changes, Instant modified) {
        if (changes.isEmpty()) {
            Uni<Void> remembered = modified == null ? Uni.createFrom().voidItem() : store.reflectsCloudflare(video.id(), modified);
            return remembered.replaceWith(new Synced(video, true));
        }
        return store.updateFromCloudflare(video.id(), new VideoPatch(changes), modified)
                .chain(updated -> updated != null ? Uni.createFrom().item(new Synced(updated.video(), true))
                        : videos.findById(video.id())
                                // deleted meanwhile: nothing to sync
                                .onItem().ifNull().failWith(() -> VideoError.videoNotFound(video.id()))
                                .map(current -> new Synced(current, false)));
    }

    /** Cloudflare's settings differ from the rows': the rows win, through the queue. */
    private Uni<Void> repairSettings(CourseVideo video) {
        LOG.infof("Cloudflare's settings of video %s differ from the rows: setting them again", video.id());
        return work.request(CloudflareSettings.KIND, video.cloudflareVideoId())
                .invoke(() -> work.start(CloudflareSettings.KIND, List.of(video.cloudflareVideoId()), false));
    }

    private Uni<CourseVideo> gone(CourseVideo video) {
        Map<VideoField<?>, Object> changes = new LinkedHashMap<>();
        change(changes, VideoField.STATUS, video.status(), VideoStatus.ERROR);
        change(changes, VideoField.ERROR_MESSAGE, video.errorMessage(),
                "Cloudflare Stream no longer has video " + video.cloudflareVideoId());
        return write(video, changes);
    }

    private Uni<CourseVideo> write(CourseVideo video, Map<VideoField<?>, Object> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().item(video);
        }
        return store.update(video.id(), new VideoPatch(changes))
                // deleted meanwhile: nothing to sync
                .onItem().ifNull().failWith(() -> VideoError.videoNotFound(video.id()))
                .map(VideoStore.Updated::video);
    }

    private static <T> void change(Map<VideoField<?>, Object> changes, VideoField<T> field, T current, T live) {
        if (!Objects.equals(current, live)) {
            changes.put(field, live);
        }
    }
}
