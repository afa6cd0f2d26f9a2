package com.coursevideo.video;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.coursevideo.cloudflare.CloudflareBudget.Priority;
import com.coursevideo.cloudflare.CloudflareConfig;
import com.coursevideo.cloudflare.CloudflareOutbox;
import com.coursevideo.cloudflare.CloudflareOutbox.Action;
import com.coursevideo.cloudflare.CloudflareStream;
import com.coursevideo.database.PgFailures;
import com.coursevideo.database.Rows;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Upload slots are never orphaned at Cloudflare. Each direct upload is recorded as an intent
 * before Cloudflare is asked, and Cloudflare is told the intent as the slot's {@code creator}; a
 * registered upload removes its intent. An intent still there after {@code cloudflare.upload-reap-after}
 * (the registration failed, the service crashed between the two, the client went away) is reaped:
 * every video Cloudflare lists for its creator that no row references goes to the deletion outbox.
 */
@ApplicationScoped
public class UploadIntents {

    private static final Logger LOG = Logger.getLogger(UploadIntents.class);
    private static final String CREATOR = "course-video-service/upload/";
    private static final int BATCH = 50;

    private final Pool pool;
    private final CloudflareStream cloudflare;
    private final CloudflareOutbox outbox;
    private final CloudflareConfig config;

    UploadIntents(Pool pool, CloudflareStream cloudflare, CloudflareOutbox outbox, CloudflareConfig config) {
        this.pool = pool;
        this.cloudflare = cloudflare;
        this.outbox = outbox;
        this.config = config;
    }

    /** Cloudflare's {@code creator} of the intent's slot (at most 64 characters, as Cloudflare allows). */
    static String creator(UUID intent) {
        return CREATOR + intent;
    }

    /** Records an upload about to be asked of Cloudflare; its id. */
    Uni<UUID> open() {
        return pool.preparedQuery("INSERT INTO upload_intents (reap_after)"
                        + " VALUES (clock_timestamp() + make_interval(secs => $1)) RETURNING id")
                .execute(Tuple.of((double) config.uploadReapAfter().toSeconds()))
                .onFailure().transform(PgFailures::translate)
                .map(rows -> rows.iterator().next().getUUID(0));
    }

    /** The upload was registered, or its slot queued for deletion: nothing left to reap. Never fails. */
    Uni<Void> close(UUID intent) {
        return pool.preparedQuery("DELETE FROM upload_intents WHERE id = $1").execute(Tuple.of(intent))
                .replaceWithVoid()
                .onFailure().invoke(failure -> LOG.debugf("upload intent %s stays for the reaper: %s", intent, failure))
                .onFailure().recoverWithNull();
    }

    /** Intents left over, claimed for a while so that other replicas leave them alone. */
    @Scheduled(every = "${cloudflare.upload-reap-interval:5M}", delayed = "30S",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> reap() {
        return pool.preparedQuery("UPDATE upload_intents SET reap_after = clock_timestamp() + interval '10 minutes'"
                        + " WHERE id IN (SELECT id FROM upload_intents WHERE reap_after <= clock_timestamp()"
                        + " ORDER BY reap_after LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING id")
                .execute(Tuple.of(BATCH))
                .map(rows -> Rows.all(rows, row -> row.getUUID(0)))
                .chain(intents -> Multi.createFrom().iterable(intents)
                        .onItem().transformToUni(this::reap).merge(4)
                        .collect().last())
                .replaceWithVoid()
                .onFailure().invoke(failure -> LOG.warnf("reaping upload intents failed: %s", failure.toString()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> reap(UUID intent) {
        return cloudflare.uidsByCreator(creator(intent), Priority.BACKGROUND)
                .chain(uids -> Multi.createFrom().iterable(uids)
                        .onItem().transformToUniAndConcatenate(this::deleteIfUnregistered)
                        .collect().asList())
                .chain(() -> close(intent))
                // Cloudflare could not be asked: the claim runs out and a later round tries again
                .onFailure().recoverWithNull();
    }

    private Uni<Void> deleteIfUnregistered(String uid) {
        return pool.preparedQuery("SELECT 1 FROM course_videos WHERE cloudflare_video_id = $1").execute(Tuple.of(uid))
                .chain(rows -> {
                    if (rows.size() > 0) {
                        return Uni.createFrom().voidItem();
                    }
                    LOG.infof("deleting upload slot %s at Cloudflare: no video was registered for it", uid);
                    return outbox.request(uid, Action.DELETE);
                });
    }
}
