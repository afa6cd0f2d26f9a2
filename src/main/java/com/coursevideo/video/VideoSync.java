package com.coursevideo.video;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.coursevideo.access.Viewer;
import com.coursevideo.cloudflare.CloudflareBudget.Priority;
import com.coursevideo.cloudflare.CloudflareOutbox;
import com.coursevideo.cloudflare.CloudflareOutbox.Action;
import com.coursevideo.cloudflare.CloudflareStream;
import com.coursevideo.cloudflare.DeliveryUrls;
import com.coursevideo.cloudflare.StreamVideo;
import com.coursevideo.error.VideoError;

import io.smallrye.mutiny.Uni;

/**
 * Keeps rows in step with Cloudflare Stream: a sync asks Cloudflare for the live state and
 * writes what differs (status, progress, URLs, duration, thumbnail, error), through the same
 * update and cache invalidation as every other write.
 */
@ApplicationScoped
public class VideoSync {

    private static final Logger LOG = Logger.getLogger(VideoSync.class);
    /** A ready video turns error only when Cloudflare still says it lacks the video this long after it first did. */
    static final Duration GONE_AFTER = Duration.ofMinutes(1);
    /**
     * A ready row's Cloudflare state, as last recorded: only Cloudflare's {@code ready} makes a row
     * ready, and sync and webhooks move it on when Cloudflare's state changes.
     */
    private static final VideoPlayback.CloudflareStatus RECORDED_READY =
            new VideoPlayback.CloudflareStatus("ready", 100.0, null, null);

    private final VideoRepository videos;
    private final VideoService service;
    private final VideoCache cache;
    private final CloudflareStream cloudflare;
    private final DeliveryUrls urls;
    private final PlaybackRechecks rechecks;
    private final CloudflareOutbox outbox;

    VideoSync(VideoRepository videos, VideoService service, VideoCache cache, CloudflareStream cloudflare,
            DeliveryUrls urls, PlaybackRechecks rechecks, CloudflareOutbox outbox) {
        this.videos = videos;
        this.service = service;
        this.cache = cache;
        this.cloudflare = cloudflare;
        this.urls = urls;
        this.rechecks = rechecks;
        this.outbox = outbox;
    }

    /** Fails with CLOUDFLARE_ERROR when Cloudflare cannot answer. */
    public Uni<CourseVideo> sync(UUID id) {
        return service.find(id).chain(video -> sync(video, Priority.USER));
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
     * Playback data of a video {@code viewer} may see. A ready video's comes from the row (through
     * the cache) without asking Cloudflare; a video still processing is checked live, at most once
     * per recheck interval (requests in between share that check), and the row is synced when
     * Cloudflare's state differs.
     */
    public Uni<VideoPlayback> playback(Viewer viewer, UUID id) {
        return service.findVisible(viewer, id)
                .chain(video -> video.status() == VideoStatus.READY
                        ? Uni.createFrom().item(playback(viewer, video, RECORDED_READY))
                        : rechecks.<Checked> shared(id, () -> check(video))
                                .map(checked -> playback(viewer, newer(checked.video(), video), checked.status()))
                                .onFailure(VideoError.class).recoverWithItem(failure -> {
                                    LOG.debugf("playback of %s from the row: %s", id, failure.getMessage());
                                    return playback(viewer, video, null);
                                }));
    }

    /** A live check's outcome: the row after syncing it, and Cloudflare's status then. */
    private record Checked(CourseVideo video, VideoPlayback.CloudflareStatus status) {
    }

    private Uni<Checked> check(CourseVideo video) {
        return cloudflare.video(video.cloudflareVideoId(), Priority.USER)
                .chain(live -> apply(video, live).map(synced -> new Checked(synced, status(live))));
    }

    /**
     * Writes Cloudflare's state where it differs from the row, and repairs a requireSignedURLs that
     * differs from the row's (the row wins). {@code live} null means Cloudflare answered that it no
     * longer has the uid, which makes the video an error: at once while it is processing, and a
     * ready video only when Cloudflare still says so a minute after it first did.
     */
    Uni<CourseVideo> apply(CourseVideo video, StreamVideo live) {
        if (live == null) {
            return video.status() != VideoStatus.READY ? gone(video)
                    : videos.missingAtCloudflare(video.id(), GONE_AFTER)
                            .chain(forGood -> forGood ? gone(video) : Uni.createFrom().item(video));
        }
        Map<VideoField<?>, Object> changes = new LinkedHashMap<>();
        VideoStatus status = live.videoStatus();
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
        return videos.foundAtCloudflare(video.id())
                .chain(() -> write(video, changes))
                .call(synced -> drifted ? repairSigning(video) : Uni.createFrom().voidItem());
    }

    /** Cloudflare's requireSignedURLs differs from the row's: the row wins, through the outbox. */
    private Uni<Void> repairSigning(CourseVideo video) {
        LOG.infof("Cloudflare's requireSignedURLs of video %s differs from the row: setting it again", video.id());
        return outbox.request(video.cloudflareVideoId(), Action.REQUIRE_SIGNED_URLS);
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
        return videos.update(video.id(), new VideoPatch(changes))
                // deleted meanwhile: nothing to sync
                .onItem().ifNull().failWith(() -> VideoError.videoNotFound(video.id()))
                .call(updated -> cache.invalidate(updated.before(), updated.video().state()))
                .map(VideoRepository.Updated::video);
    }

    private static <T> void change(Map<VideoField<?>, Object> changes, VideoField<T> field, T current, T live) {
        if (!Objects.equals(current, live)) {
            changes.put(field, live);
        }
    }

    private static CourseVideo newer(CourseVideo checked, CourseVideo read) {
        return read.updatedAt().isAfter(checked.updatedAt()) ? read : checked;
    }

    private static VideoPlayback.CloudflareStatus status(StreamVideo live) {
        return live == null || live.status() == null ? null
                : new VideoPlayback.CloudflareStatus(live.state(), live.pctComplete(),
                        blankToNull(live.status().errorReasonCode()), StreamVideo.cut(blankToNull(live.status().errorReasonText())));
    }

    private VideoPlayback playback(Viewer viewer, CourseVideo video, VideoPlayback.CloudflareStatus status) {
        boolean ready = video.status() == VideoStatus.READY;
        String pathKey = urls.pathKey(video.cloudflareVideoId(), video.requireSignedUrls(),
                video.availableUntil() == null ? null : video.availableUntil().toInstant());
        VideoPlayback.PlaybackUrls playbackUrls = ready
                ? new VideoPlayback.PlaybackUrls(urls.hls(pathKey), urls.dash(pathKey))
                : new VideoPlayback.PlaybackUrls(null, null);
        return new VideoPlayback(viewer.redacted(video), status, ready, playbackUrls, urls.thumbnail(pathKey));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
