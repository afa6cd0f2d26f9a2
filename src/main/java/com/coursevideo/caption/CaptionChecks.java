package com.coursevideo.caption;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.coursevideo.cloudflare.CloudflareStream;
import com.coursevideo.cloudflare.StreamCaption;
import com.coursevideo.cloudflare.budget.CloudflareBudget.Priority;
import com.coursevideo.video.SyncConfig;
import com.coursevideo.work.Outcome;
import com.coursevideo.work.WorkHandler;
import com.coursevideo.work.WorkItem;
import com.coursevideo.work.WorkQueue;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Jobs {@code caption.check}, keyed by video id: moves the video's generated captions from
 * {@code inprogress} to what Cloudflare says they became (a ready one with its file, fetched once
 * and stored with the row, which is what learners are served from), checking every
 * {@code video.sync.caption-poll-interval} while one is in progress, and at once after a webhook
 * about the video. A caption Cloudflare no longer lists (or a video it no longer has) ended in
 * {@code error}.
 */
@ApplicationScoped
public class CaptionChecks extends WorkHandler {

    public static final String KIND = "caption.check";

    private static final Logger LOG = Logger.getLogger(CaptionChecks.class);

    private final CaptionRepository captions;
    private final CloudflareStream cloudflare;
    private final WorkQueue work;
    private final SyncConfig sync;

    CaptionChecks(CaptionRepository captions, CloudflareStream cloudflare, WorkQueue work, SyncConfig sync) {
        super(KIND, new Policy(sync.batchSize(), Policy.DEFAULT.concurrency(), sync.lease(), sync.captionPollInterval(),
                sync.maxBackoff()));
        this.captions = captions;
        this.cloudflare = cloudflare;
        this.work = work;
        this.sync = sync;
    }

    /** After a webhook about the video: its generated captions in progress, checked now. Never fails. */
    public Uni<Void> afterNotification(UUID videoId) {
        return work.attempt(KIND, videoId.toString(), false)
                .onFailure().invoke(failure -> LOG.debugf("captions of %s not checked: %s", videoId, failure))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    @Override
    public Uni<Outcome> perform(WorkItem item) {
        UUID videoId = UUID.fromString(item.key());
        Priority priority = Priority.of(item.urgent());
        return captions.uidToCheck(videoId).chain(uid -> uid == null ? Uni.createFrom().item(Outcome.done())
                : storeMissingFiles(videoId, uid, priority)
                        .chain(() -> cloudflare.captions(uid, priority))
                        .chain(live -> finishAll(videoId, uid, live, priority))
                        .map(stillInProgress -> stillInProgress ? Outcome.again(sync.captionPollInterval()) : Outcome.done()));
    }

    /** Fetches, once, the file of ready captions that have none stored (the release before kept none). */
    private Uni<Void> storeMissingFiles(UUID videoId, String uid, Priority priority) {
        return captions.withoutFile(videoId)
                .onItem().transformToMulti(Multi.createFrom()::iterable)
                .onItem().transformToUniAndConcatenate(language -> cloudflare.captionFile(uid, language, priority)
                        .chain(vtt -> captions.storeFile(videoId, language, vtt)))
                .collect().last()
                .replaceWithVoid();
    }

    /**
     * Records the end of every generation Cloudflare ended, with the file of those that became
     * ready; true when one is still in progress.
     */
    private Uni<Boolean> finishAll(UUID videoId, String uid, List<StreamCaption> live, Priority priority) {
        return captions.list(videoId)
                .onItem().transformToMulti(Multi.createFrom()::iterable)
                .select().where(row -> Caption.IN_PROGRESS.equals(row.status()))
                .onItem().transformToUniAndConcatenate(row -> {
                    String status = statusAt(live, row.language());
                    if (Caption.IN_PROGRESS.equals(status)) {
                        return Uni.createFrom().item(true);
                    }
                    Uni<String> file = Caption.READY.equals(status) ? cloudflare.captionFile(uid, row.language(), priority)
                            : Uni.createFrom().nullItem();
                    // a ready caption whose file Cloudflare cannot give ended in error
                    return file.chain(vtt -> captions.finish(videoId, row.language(),
                            Caption.READY.equals(status) && vtt == null ? Caption.ERROR : status, vtt)).replaceWith(false);
                })
                .collect().asList()
                .map(inProgress -> inProgress.contains(true));
    }

    /** What became of the caption at Cloudflare: its status there, or error when Cloudflare lists it no more. */
    private static String statusAt(List<StreamCaption> live, String language) {
        return live == null ? Caption.ERROR
                : live.stream().filter(caption -> language.equals(caption.language())).findFirst()
                        .map(StreamCaption::statusOrReady).orElse(Caption.ERROR);
    }
}
