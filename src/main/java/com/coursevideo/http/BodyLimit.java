package com.coursevideo.http;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.coursevideo.error.ErrorCode;
import com.coursevideo.error.VideoError;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A body whose {@code Content-Length} is over its limit is refused before it is read, as Quarkus
 * does itself, but as the contract's {@code 413 PAYLOAD_TOO_LARGE} problem: this route runs just
 * before Quarkus's own limit check. The limit is {@code video.limits.body} (1 MB), or for a
 * WebVTT body (a caption file, the one kind of body that may be larger)
 * {@code quarkus.http.limits.max-body-size} (the caption service refuses more than 10 MB itself).
 * A body without a declared length (chunked) is read here, counted, and refused at the first byte
 * over its limit; RESTEasy Reactive then takes it from the routing context. (A JAX-RS reader
 * interceptor did this before, and cost every request with a body a reflective look-up of its
 * parameter's annotations: 5 % of a heartbeat's event-loop time.)
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
            HttpServerRequest request = context.request();
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            boolean captionFile = isWebVtt(request.getHeader(HttpHeaders.CONTENT_TYPE));
            long limit = of(captionFile);
            EarlyRefusal refusal = captionFile ? captionRefusal : bodyRefusal;
            if (length != null && longerThan(length, limit)) {
                refusal.send(context);
            } else if (length == null && undeclared(request)) {
                readCounting(context, limit, refusal);
            } else {
                context.next();
            }
        });
    }

    /** A body that is coming without a declared length: chunked (HTTP/1.1), or an HTTP/2 stream not ended yet. */
    private static boolean undeclared(HttpServerRequest request) {
        String encoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        return encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")
                || request.version() == HttpVersion.HTTP_2 && !request.isEnded();
    }

    /**
     * Reads the body, counting, and refuses it at the first byte over the limit; the body read is the
     * request's (RESTEasy Reactive takes it from the routing context rather than the connection).
     */
    private static void readCounting(RoutingContext context, long limit, EarlyRefusal refusal) {
        HttpServerRequest request = context.request();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (context.response().ended()) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                request.handler(null);
                refusal.send(context);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(ended -> {
            if (!context.response().ended()) {
                context.setBody(body);
                context.next();
            }
        });
        request.resume();
    }

    /** Whether the media type (parameters aside) is WebVTT's. */
    static boolean isWebVtt(String mediaType) {
        return mediaType != null && mediaType.split(";")[0].strip().equalsIgnoreCase(WEBVTT);
    }

    /** The limit of a caption file's body, or of any other. */
    long of(boolean captionFile) {
        return captionFile ? captionLimit : bodyLimit;
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
