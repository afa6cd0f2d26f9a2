package com.coursevideo.caption;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.coursevideo.caption.CaptionRepository.VideoRef;
import com.coursevideo.cloudflare.CloudflareBudget.Priority;
import com.coursevideo.cloudflare.CloudflareStream;
import com.coursevideo.cloudflare.StreamCaption;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Moves generated captions from {@code inprogress} to what Cloudflare says they became: for the
 * videos sync rounds claim (checked at most every {@code interval}), and for a video a webhook names.
 * A caption Cloudflare no longer lists (or a video it no longer has) ended in {@code error}.
 */
@ApplicationScoped
public class CaptionSync {

    private static final Logger LOG = Logger.getLogger(CaptionSync.class);
    /** Videos checked at once. */
    private static final int CONCURRENCY = 4;

    private final CaptionRepository captions;
    private final CaptionCache cache;
    private final CloudflareStream cloudflare;

    CaptionSync(CaptionRepository captions, CaptionCache cache, CloudflareStream cloudflare) {
        this.captions = captions;
        this.cache = cache;
        this.cloudflare = cloudflare;
    }

    /**
     * Checks the videos whose generated captions are in progress and were not checked for
     * {@code interval}, a batch at a time; returns how many captions changed status.
     */
    public Uni<Integer> checkDue(Duration interval, int batchSize) {
        return Multi.createBy().repeating().uni(() -> captions.claimDue(interval, batchSize))
                .whilst(batch -> batch.size() == batchSize)
                .onItem().transformToMultiAndConcatenate(Multi.createFrom()::iterable)
                .onItem().transformToUni(video -> check(video, Priority.BACKGROUND)
                        .onFailure().invoke(failure -> LOG.debugf("captions of %s not checked: %s", video.videoId(), failure))
                        .onFailure().recoverWithItem(0))
                .merge(CONCURRENCY)
                .collect().with(Collectors.summingInt(Integer::intValue));
    }

    /** After a webhook about the video: its generated captions in progress, checked now. Never fails. */
    public Uni<Void> afterNotification(String cloudflareVideoId) {
        return captions.inProgress(cloudflareVideoId)
                .chain(video -> video == null ? Uni.createFrom().item(0) : check(video, Priority.BACKGROUND))
                .onFailure().invoke(failure -> LOG.debugf("captions of %s not checked: %s", cloudflareVideoId, failure))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Integer> check(VideoRef video, Priority priority) {
        return cloudflare.captions(video.cloudflareVideoId(), priority)
                .chain(live -> captions.list(video.videoId())
                        .onItem().transformToMulti(Multi.createFrom()::iterable)
                        .select().where(row -> Caption.IN_PROGRESS.equals(row.status()))
                        .onItem().transformToUniAndConcatenate(row -> finish(video, row.language(), statusAt(live, row.language())))
                        .select().where(changed -> changed)
                        .collect().with(Collectors.counting())
                        .map(Long::intValue));
    }

    /** What became of the caption at Cloudflare: its status there, or error when Cloudflare lists it no more. */
    private static String statusAt(List<StreamCaption> live, String language) {
        return live == null ? Caption.ERROR
                : live.stream().filter(caption -> language.equals(caption.language())).findFirst()
                        .map(StreamCaption::statusOrReady).orElse(Caption.ERROR);
    }

    /** Records a generation's end; true when the row changed (its cache entries dropped before). */
    private Uni<Boolean> finish(VideoRef video, String language, String status) {
        if (Caption.IN_PROGRESS.equals(status)) {
            return Uni.createFrom().item(false);
        }
        return captions.finish(video.videoId(), language, status)
                .call(changed -> changed == null ? Uni.createFrom().voidItem() : cache.invalidate(video.videoId(), language))
                .map(changed -> changed != null);
    }
}
