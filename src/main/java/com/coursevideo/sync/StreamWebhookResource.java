package com.coursevideo.sync;

import java.io.IOException;
import java.time.Instant;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import com.coursevideo.caption.CaptionChecks;
import com.coursevideo.cloudflare.CloudflareConfig;
import com.coursevideo.cloudflare.CloudflareJson;
import com.coursevideo.cloudflare.StreamAccount;
import com.coursevideo.cloudflare.StreamVideo;
import com.coursevideo.cloudflare.WebhookSignature;
import com.coursevideo.error.ErrorCode;
import com.coursevideo.error.VideoError;
import com.coursevideo.video.SyncConfig;
import com.coursevideo.video.VideoSync;
import com.coursevideo.work.WorkQueue;

import io.smallrye.mutiny.Uni;

/**
 * Cloudflare's notification that a video changed. {@link WebhookGate} has checked the signature
 * header, its time and the body's length before the body was read; here the HMAC is checked on the
 * raw bytes before anything is parsed. A valid notification is applied like a sync (one older
 * than what the row reflects changes nothing), and the video's next poll is skipped.
 */
@Path(StreamWebhookResource.PATH)
@PermitAll // authenticated by its signature, not a bearer token
public class StreamWebhookResource {

    static final String PATH = "/api/webhooks/cloudflare";
    static final String SIGNATURE_HEADER = "Webhook-Signature";

    private final VideoSync sync;
    private final CaptionChecks captions;
    private final WorkQueue work;
    private final SyncConfig syncConfig;
    private final StreamAccount account;
    private final CloudflareConfig config;
    private final CloudflareJson cloudflareJson;

    StreamWebhookResource(VideoSync sync, CaptionChecks captions, WorkQueue work, SyncConfig syncConfig, StreamAccount account,
            CloudflareConfig config, CloudflareJson cloudflareJson) {
        this.sync = sync;
        this.captions = captions;
        this.work = work;
        this.syncConfig = syncConfig;
        this.account = account;
        this.config = config;
        this.cloudflareJson = cloudflareJson;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<RestResponse<Void>> receive(@HeaderParam(SIGNATURE_HEADER) String signature, byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        // the gate checked the header's form and time; checked again, for the time it took to read the body
        if (!WebhookSignature.parse(signature)
                .filter(parsed -> parsed.freshAt(Instant.now(), config.webhookTolerance()) && parsed.signs(raw, account.webhookSecret()))
                .isPresent()) {
            throw invalidSignature(config);
        }
        StreamVideo notification;
        try {
            notification = cloudflareJson.notification(raw);
        } catch (IOException | RuntimeException e) {
            throw VideoError.invalidInput("the notification is not a Cloudflare video object");
        }
        if (notification == null || notification.uid() == null) {
            throw VideoError.invalidInput("the notification has no uid");
        }
        // an unknown uid is acknowledged too: Cloudflare has nothing to retry
        return sync.applyNotification(notification)
                // just brought up to date: the next poll would learn nothing
                .call(video -> video == null ? Uni.createFrom().voidItem()
                        : work.postpone(VideoSync.KIND, video.id().toString(), syncConfig.pollInterval()))
                // Cloudflare sends no notification of its own for captions: a video's is the moment to look
                .call(video -> video == null ? Uni.createFrom().voidItem() : captions.afterNotification(video.id()))
                .map(applied -> RestResponse.ok());
    }

    static VideoError invalidSignature(CloudflareConfig config) {
        return new VideoError(ErrorCode.INVALID_SIGNATURE, "missing or invalid Webhook-Signature, or its time is more than "
                + config.webhookTolerance().toMinutes() + " minutes off");
    }
}
