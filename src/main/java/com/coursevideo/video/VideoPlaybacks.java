package com.coursevideo.video;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.coursevideo.access.Viewer;
import com.coursevideo.cloudflare.CloudflareStream;
import com.coursevideo.cloudflare.StreamVideo;
import com.coursevideo.cloudflare.budget.CloudflareBudget.Priority;
import com.coursevideo.cloudflare.signing.DeliveryUrls;
import com.coursevideo.error.VideoError;

import io.smallrye.mutiny.Uni;

/**
 * {@code GET /api/videos/{id}/playback}: what a player needs. A ready video's data comes from the
 * row (through the cache) without asking Cloudflare; a video still processing is checked live, at
 * most once per recheck interval (requests in between share that check), and the row is synced
 * when Cloudflare's state differs.
 */
@ApplicationScoped
class VideoPlaybacks {

    private static final Logger LOG = Logger.getLogger(VideoPlaybacks.class);
    /**
     * A ready row's Cloudflare state, as last recorded: only Cloudflare's {@code ready} makes a row
     * ready, and sync and webhooks move it on when Cloudflare's state changes.
     */
    private static final VideoPlayback.CloudflareStatus RECORDED_READY =
            new VideoPlayback.CloudflareStatus("ready", 100.0, null, null);

    private final VideoService videos;
    private final VideoSync sync;
    private final CloudflareStream cloudflare;
    private final DeliveryUrls urls;
    private final PlaybackRechecks rechecks;

    VideoPlaybacks(VideoService videos, VideoSync sync, CloudflareStream cloudflare, DeliveryUrls urls,
            PlaybackRechecks rechecks) {
        this.videos = videos;
        this.sync = sync;
        this.cloudflare = cloudflare;
        this.urls = urls;
        this.rechecks = rechecks;
    }

    /** The playback data of a video {@code viewer} may see; VIDEO_NOT_FOUND when it does not exist for them. */
    Uni<VideoPlayback> of(Viewer viewer, UUID id) {
        return videos.findVisible(viewer, id)
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
                .chain(live -> sync.apply(video, live).map(synced -> new Checked(synced, status(live))));
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
        String download = ready && video.downloadable() && CourseVideo.DOWNLOAD_READY.equals(video.downloadStatus())
                ? urls.download(video.cloudflareVideoId(), video.requireSignedUrls(),
                        video.availableUntil() == null ? null : video.availableUntil().toInstant())
                : null;
        return new VideoPlayback(video.seenBy(viewer), status, ready, playbackUrls, urls.thumbnail(pathKey), download);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
