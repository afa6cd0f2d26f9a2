package com.coursevideo.video;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.coursevideo.access.Viewer;
import com.coursevideo.cloudflare.CloudflareBudget.Priority;
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

    private final VideoRepository videos;
    private final VideoService service;
    private final VideoCache cache;
    private final CloudflareStream cloudflare;
    private final DeliveryUrls urls;

    VideoSync(VideoRepository videos, VideoService service, VideoCache cache, CloudflareStream cloudflare,
            DeliveryUrls urls) {
        this.videos = videos;
        this.service = service;
        this.cache = cache;
        this.cloudflare = cloudflare;
        this.urls = urls;
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
     * The row and Cloudflare's live state, for a video {@code viewer} may see; the row is synced
     * when they differ.
     */
    public Uni<VideoPlayback> playback(Viewer viewer, UUID id) {
        return service.find(id)
                .invoke(video -> {
                    if (!viewer.maySee(video, Instant.now())) {
                        throw VideoError.videoNotFound(id);
                    }
                })
                .chain(video -> cloudflare.video(video.cloudflareVideoId(), Priority.USER)
                        .chain(live -> apply(video, live).map(synced -> playback(viewer, synced, live)))
                        .onFailure(VideoError.class).recoverWithItem(failure -> {
                            LOG.debugf("playback of %s from the row: %s", id, failure.getMessage());
                            return playback(viewer, video, null);
                        }));
    }

    /**
     * Writes Cloudflare's state where it differs from the row; {@code live} null means
     * Cloudflare no longer knows the uid, which makes the video an error.
     */
    Uni<CourseVideo> apply(CourseVideo video, StreamVideo live) {
        Map<VideoField<?>, Object> changes = new LinkedHashMap<>();
        if (live == null) {
            change(changes, VideoField.STATUS, video.status(), VideoStatus.ERROR);
            change(changes, VideoField.ERROR_MESSAGE, video.errorMessage(),
                    "Cloudflare Stream no longer has video " + video.cloudflareVideoId());
        } else {
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
        }
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

    private VideoPlayback playback(Viewer viewer, CourseVideo video, StreamVideo live) {
        boolean ready = video.status() == VideoStatus.READY;
        String pathKey = urls.pathKey(video.cloudflareVideoId(), video.requireSignedUrls(),
                video.availableUntil() == null ? null : video.availableUntil().toInstant());
        VideoPlayback.PlaybackUrls playbackUrls = ready
                ? new VideoPlayback.PlaybackUrls(urls.hls(pathKey), urls.dash(pathKey))
                : new VideoPlayback.PlaybackUrls(null, null);
        VideoPlayback.CloudflareStatus status = live == null || live.status() == null ? null
                : new VideoPlayback.CloudflareStatus(live.state(), live.pctComplete(),
                        blankToNull(live.status().errorReasonCode()), blankToNull(live.status().errorReasonText()));
        return new VideoPlayback(viewer.redacted(video), status, ready, playbackUrls, urls.thumbnail(pathKey));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
