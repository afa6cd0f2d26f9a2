package com.coursevideo.sync;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.coursevideo.cloudflare.CloudflareConfig;
import com.coursevideo.cloudflare.WebhookSignature;
import com.coursevideo.error.ErrorCode;
import com.coursevideo.error.VideoError;
import com.coursevideo.http.BodyLimit;
import com.coursevideo.http.EarlyRefusal;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * What a Cloudflare notification must show before its body is read: a well-formed
 * {@code Webhook-Signature} whose time is within the tolerance, and a declared length of at most
 * 64 KB (a video object is a few KB). Anything else is refused at the route, so nobody can make
 * the service buffer a large body by posting to the one endpoint without a bearer token. The HMAC
 * over the body is checked once it is read, by {@link StreamWebhookResource}.
 */
@ApplicationScoped
class WebhookGate {

    /** The largest notification body taken. */
    static final long MAX_BODY = 64 * 1024;

    private final CloudflareConfig config;
    private final EarlyRefusal unsigned;
    private final EarlyRefusal tooLarge;
    private final EarlyRefusal undeclared;

    WebhookGate(CloudflareConfig config, ObjectMapper json) {
        this.config = config;
        this.unsigned = EarlyRefusal.of(StreamWebhookResource.invalidSignature(config), json);
        this.tooLarge = EarlyRefusal.of(BodyLimit.tooLarge(MAX_BODY), json);
        this.undeclared = EarlyRefusal.of(new VideoError(ErrorCode.LENGTH_REQUIRED,
                "a notification must declare its length (Content-Length)"), json);
    }

    void install(@Observes Router router) {
        // before the service-wide body limit, which would take up to 1 MB here
        router.post(StreamWebhookResource.PATH).order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2).handler(context -> {
            var request = context.request();
            boolean fresh = WebhookSignature.parse(request.getHeader(StreamWebhookResource.SIGNATURE_HEADER))
                    .filter(signature -> signature.freshAt(Instant.now(), config.webhookTolerance()))
                    .isPresent();
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (!fresh) {
                unsigned.send(context);
            } else if (length == null && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                undeclared.send(context);
            } else if (length != null && BodyLimit.longerThan(length, MAX_BODY)) {
                tooLarge.send(context);
            } else {
                context.next();
            }
        });
    }
}
