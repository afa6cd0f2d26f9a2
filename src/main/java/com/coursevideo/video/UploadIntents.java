package com.coursevideo.video;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.coursevideo.cloudflare.CloudflareConfig;
import com.coursevideo.cloudflare.CloudflareStream;
import com.coursevideo.cloudflare.budget.CloudflareBudget.Priority;
import com.coursevideo.work.Outcome;
import com.coursevideo.work.WorkHandler;
import com.coursevideo.work.WorkItem;
import com.coursevideo.work.WorkQueue;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Upload slots are never orphaned at Cloudflare. Each direct upload is recorded as an intent (a
 * job {@code upload.reap}, due after {@code cloudflare.upload-reap-after}) before Cloudflare is
 * asked, and Cloudflare is told the intent as the slot's {@code creator}; a registered upload takes
 * its intent back. An intent still queued when it comes due (the registration failed, the service
 * crashed between the two, the client went away) is reaped: every video Cloudflare lists for its
 * creator that no row references is queued for deletion.
 */
@ApplicationScoped
public class UploadIntents extends WorkHandler {

    public static final String KIND = "upload.reap";

    private static final Logger LOG = Logger.getLogger(UploadIntents.class);
    private static final String CREATOR = "course-video-service/upload/";

    private final VideoRepository videos;
    private final CloudflareStream cloudflare;
    private final WorkQueue work;
    private final CloudflareConfig config;

    UploadIntents(VideoRepository videos, CloudflareStream cloudflare, WorkQueue work, CloudflareConfig config) {
        // Cloudflare could not be asked: looked at again a reap interval later
        super(KIND, new Policy(Policy.DEFAULT.batch(), Policy.DEFAULT.concurrency(), Policy.DEFAULT.lease(),
                config.uploadReapInterval(), config.uploadReapInterval()));
        this.videos = videos;
        this.cloudflare = cloudflare;
        this.work = work;
        this.config = config;
    }

    /** Cloudflare's {@code creator} of the intent's slot (at most 64 characters, as Cloudflare allows). */
    static String creator(UUID intent) {
        return CREATOR + intent;
    }

    /** Records an upload about to be asked of Cloudflare; its id. */
    Uni<UUID> open() {
        UUID intent = UUID.randomUUID();
        return work.request(KIND, intent.toString(), config.uploadReapAfter()).replaceWith(intent);
    }

    /** The upload was registered, or its slot queued for deletion: nothing left to reap. Never fails. */
    Uni<Void> close(UUID intent) {
        return work.cancel(KIND, intent.toString())
                .onFailure().invoke(failure -> LOG.debugf("upload intent %s stays for the reaper: %s", intent, failure))
                .onFailure().recoverWithNull();
    }

    @Override
    public Uni<Outcome> perform(WorkItem item) {
        return cloudflare.uidsByCreator(creator(UUID.fromString(item.key())), Priority.BACKGROUND)
                .chain(uids -> Multi.createFrom().iterable(uids)
                        .onItem().transformToUniAndConcatenate(this::deleteIfUnregistered)
                        .collect().asList())
                .replaceWith(Outcome.done());
    }

    private Uni<Void> deleteIfUnregistered(String uid) {
        return videos.findByCloudflareId(uid).chain(video -> {
            if (video != null) {
                return Uni.createFrom().voidItem();
            }
            LOG.infof("deleting upload slot %s at Cloudflare: no video was registered for it", uid);
            return work.request(CloudflareDeletions.KIND, uid)
                    .invoke(() -> work.start(CloudflareDeletions.KIND, List.of(uid), false));
        });
    }
}
