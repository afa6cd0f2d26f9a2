package com.coursevideo.caption;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.access.Viewer;
import com.coursevideo.cloudflare.CloudflareStream;
import com.coursevideo.cloudflare.StreamCaption;
import com.coursevideo.cloudflare.budget.CloudflareBudget.Priority;
import com.coursevideo.error.ErrorCode;
import com.coursevideo.error.VideoError;
import com.coursevideo.video.CourseVideo;
import com.coursevideo.video.VideoService;
import com.coursevideo.video.VideoStatus;

import io.smallrye.mutiny.Uni;

/**
 * Captions: files at Cloudflare, rows here with a copy of each ready file. A write reaches
 * Cloudflare first and is recorded only when Cloudflare took it, so a failure leaves nothing
 * behind; reads come from the rows and the cache, never from Cloudflare, and learners see ready
 * captions of the videos they may see.
 */
@ApplicationScoped
public class CaptionService {

    /** Cloudflare's limit for one caption file. */
    static final int MAX_FILE_BYTES = 10 * 1024 * 1024;

    private final CaptionRepository captions;
    private final CaptionCache cache;
    private final VideoService videos;
    private final CloudflareStream cloudflare;

    CaptionService(CaptionRepository captions, CaptionCache cache, VideoService videos, CloudflareStream cloudflare) {
        this.captions = captions;
        this.cache = cache;
        this.videos = videos;
        this.cloudflare = cloudflare;
    }

    public Uni<List<Caption>> list(Viewer viewer, UUID videoId) {
        return videos.findVisible(viewer, videoId).chain(video -> visibleCaptions(viewer, videoId));
    }

    /** The WebVTT text of a caption {@code viewer} may see; {@code NOT_FOUND} while there is none (or it is not ready). */
    public Uni<String> file(Viewer viewer, UUID videoId, String tag) {
        String language = CaptionLanguage.parse(tag);
        return videos.findVisible(viewer, videoId)
                .chain(video -> visibleCaptions(viewer, videoId)
                        .map(list -> list.stream()
                                .filter(caption -> caption.language().equals(language) && Caption.READY.equals(caption.status()))
                                .findFirst().orElseThrow(() -> noCaption(videoId, language)))
                        // the cached or stored copy: a learner's read never costs a Cloudflare call
                        .chain(caption -> cache.file(videoId, language, () -> captions.file(videoId, language)))
                        .onItem().ifNull().failWith(() -> noCaption(videoId, language)));
    }

    /** Uploads {@code body} (WebVTT) as the video's captions in {@code tag}, replacing any. */
    public Uni<Caption> upload(UUID videoId, String tag, byte[] body) {
        String language = CaptionLanguage.parse(tag);
        if (body != null && body.length > MAX_FILE_BYTES) {
            throw new VideoError(ErrorCode.PAYLOAD_TOO_LARGE, "a caption file may be at most " + MAX_FILE_BYTES + " bytes (10 MB)");
        }
        String vtt = WebVtt.check(body);
        return videos.find(videoId)
                .chain(video -> cloudflare.uploadCaption(video.cloudflareVideoId(), language, vtt)
                        .onItem().ifNull().failWith(() -> mediaGone(video)))
                .chain(uploaded -> record(videoId, language, uploaded, vtt));
    }

    /**
     * Asks Cloudflare to generate captions in {@code tag} for a ready video. A generation under way is
     * answered as it is; captions that exist (uploaded, generated, failed) are deleted at Cloudflare
     * first, as Cloudflare requires before it generates again.
     */
    public Uni<Caption> generate(UUID videoId, String tag) {
        String language = CaptionLanguage.parseGeneratable(tag);
        return videos.find(videoId).chain(video -> {
            if (video.status() != VideoStatus.READY) {
                throw new VideoError(ErrorCode.VIDEO_NOT_READY,
                        "video " + videoId + " is " + video.status().value() + "; captions can be generated once it is ready");
            }
            return captions.find(videoId, language).chain(current -> {
                if (current != null && Caption.IN_PROGRESS.equals(current.status())) {
                    return Uni.createFrom().item(current);
                }
                Uni<Void> cleared = current == null ? Uni.createFrom().voidItem()
                        : cloudflare.deleteCaption(video.cloudflareVideoId(), language, Priority.USER);
                return cleared
                        .chain(() -> cloudflare.generateCaption(video.cloudflareVideoId(), language))
                        .onItem().ifNull().failWith(() -> mediaGone(video))
                        .chain(generated -> record(videoId, language, generated, null));
            });
        });
    }

    /** Deletes the captions in {@code tag} at Cloudflare, then the row. */
    public Uni<Void> delete(UUID videoId, String tag) {
        String language = CaptionLanguage.parse(tag);
        return videos.find(videoId)
                .call(video -> captions.find(videoId, language).onItem().ifNull().failWith(() -> noCaption(videoId, language)))
                .call(video -> cloudflare.deleteCaption(video.cloudflareVideoId(), language, Priority.USER))
                .call(video -> captions.delete(videoId, language))
                .replaceWithVoid();
    }

    private Uni<List<Caption>> visibleCaptions(Viewer viewer, UUID videoId) {
        return cache.list(videoId, () -> captions.list(videoId))
                .map(list -> viewer.admin() ? list
                        : list.stream().filter(caption -> Caption.READY.equals(caption.status())).toList());
    }

    /** Records the caption Cloudflare holds, with its file when it is known (an upload's). */
    private Uni<Caption> record(UUID videoId, String language, StreamCaption atCloudflare, String vtt) {
        String label = atCloudflare.label() == null || atCloudflare.label().isBlank() ? language : atCloudflare.label();
        return captions.save(videoId, language, label, atCloudflare.generated(), atCloudflare.statusOrReady(), vtt)
                .onItem().ifNull().failWith(() -> VideoError.videoNotFound(videoId));
    }

    private static VideoError noCaption(UUID videoId, String language) {
        return new VideoError(ErrorCode.NOT_FOUND, "video " + videoId + " has no captions in " + language);
    }

    private static VideoError mediaGone(CourseVideo video) {
        return new VideoError(ErrorCode.CLOUDFLARE_ERROR,
                "Cloudflare Stream no longer has video " + video.cloudflareVideoId() + "; its captions cannot change");
    }
}
