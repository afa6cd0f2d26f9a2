package com.coursevideo.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.coursevideo.error.ErrorCode;
import com.coursevideo.error.VideoError;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * A body whose {@code Content-Length} is over its limit is refused before it is read, as Quarkus
 * does itself, but as the contract's {@code 413 PAYLOAD_TOO_LARGE} problem: this route runs just
 * before Quarkus's own limit check. The limit is {@code video.limits.body} (1 MB), or for a
 * WebVTT body (a caption file, the one kind of body that may be larger)
 * {@code quarkus.http.limits.max-body-size} (the caption service refuses more than 10 MB itself).
 * A body without a declared length (chunked) is read and counted by {@link UndeclaredBodyLimit}.
 */
@ApplicationScoped
public class BodyLimit {

    /** The media type of caption files. */
    static final String WEBVTT = "text/vtt";

    private final long bodyLimit;
    private final long captionLimit;
    private final EarlyRefusal bodyRefusal;
    private final EarlyRefusal captionRefusal;

    BodyLimit(BodyLimitConfig config, @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize captionLimit,
            ObjectMapper json) {
        this.bodyLimit = config.body().asLongValue();
        this.captionLimit = captionLimit.asLongValue();
        this.bodyRefusal = EarlyRefusal.of(tooLarge(bodyLimit), json);
        this.captionRefusal = EarlyRefusal.of(tooLarge(this.captionLimit), json);
    }

    /** The refusal of a body over {@code limit} bytes. */
    public static VideoError tooLarge(long limit) {
        return new VideoError(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is larger than " + limit + " bytes");
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            boolean captionFile = isWebVtt(context.request().getHeader(HttpHeaders.CONTENT_TYPE));
            if (length != null && longerThan(length, captionFile ? captionLimit : bodyLimit)) {
                (captionFile ? captionRefusal : bodyRefusal).send(context);
                return;
            }
            context.next();
        });
    }

    /** Whether the media type (parameters aside) is WebVTT's. */
    static boolean isWebVtt(String mediaType) {
        return mediaType != null && mediaType.split(";")[0].strip().equalsIgnoreCase(WEBVTT);
    }

    /** The limit of a body of this media type: a caption file's, or any other's. */
    long of(String contentType) {
        return isWebVtt(contentType) ? captionLimit : bodyLimit;
    }

    /** Whether a {@code Content-Length} header's value is over {@code limit}; false when it is malformed. */
    public static boolean longerThan(String length, long limit) {
        try {
            return Long.parseLong(length.strip()) > limit;
        } catch (NumberFormatException malformed) {
            return false; // Vert.x's HTTP codec refuses a malformed Content-Length itself
        }
    }
}
