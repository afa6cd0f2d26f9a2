package com.coursevideo.dev.fake;

import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The fake's tus server (protocol 1.0.0, core): the one-time upload URLs its tus creations hand
 * out. {@code HEAD} tells how many bytes have arrived; {@code PATCH} appends a chunk at exactly
 * that offset. Bytes count as they arrive, so a chunk cut off half-way keeps what came, and the
 * client resumes from the offset {@code HEAD} then tells. As Cloudflare documents, a chunk that
 * does not end the upload must be at least 5 MiB and a multiple of 256 KiB. The last byte starts
 * the video's processing. No API token: the URL is the credential.
 */
final class FakeTus {

    static final long MIN_CHUNK = 5L * 1024 * 1024;
    static final long CHUNK_UNIT = 256L * 1024;
    private static final String VERSION = "1.0.0";
    private static final String EXPOSED = "Upload-Offset, Upload-Length, Tus-Resumable, Location, stream-media-id";

    private final Map<String, FakeVideo> videos;
    private final Consumer<String> uploaded;

    /** @param uploaded called with the uid once its last byte arrived */
    FakeTus(Map<String, FakeVideo> videos, Consumer<String> uploaded) {
        this.videos = videos;
        this.uploaded = uploaded;
    }

    void route(Router router) {
        router.options("/tus/:uid").handler(this::preflight);
        router.head("/tus/:uid").handler(this::offset);
        router.patch("/tus/:uid").handler(this::append);
    }

    private void preflight(RoutingContext context) {
        cors(context.response()).putHeader("Access-Control-Allow-Methods", "HEAD, PATCH, OPTIONS")
                .putHeader("Access-Control-Allow-Headers", "Tus-Resumable, Upload-Offset, Content-Type, Authorization")
                .setStatusCode(204).end();
    }

    private void offset(RoutingContext context) {
        FakeVideo slot = slot(context);
        if (slot != null) {
            synchronized (slot) {
                answer(context, 200, slot).putHeader("Upload-Length", Long.toString(slot.uploadLength))
                        .putHeader("Cache-Control", "no-store").end();
            }
        }
    }

    private void append(RoutingContext context) {
        FakeVideo slot = slot(context);
        if (slot == null) {
            return;
        }
        HttpServerRequest request = context.request();
        if (!"application/offset+octet-stream".equals(request.getHeader("Content-Type"))) {
            answer(context, 415, slot).end();
            return;
        }
        long start;
        synchronized (slot) {
            start = slot.uploadOffset;
            if (!Long.toString(start).equals(request.getHeader("Upload-Offset"))) {
                answer(context, 409, slot).end();
                return;
            }
        }
        long[] received = { 0 };
        request.handler(chunk -> {
            synchronized (slot) {
                if (slot.uploadOffset + chunk.length() > slot.uploadLength) {
                    request.handler(null);
                    answer(context, 400, slot).putHeader("Connection", "close").end("more bytes than Upload-Length");
                    return;
                }
                slot.uploadOffset += chunk.length(); // kept even if the rest of the chunk never comes
                received[0] += chunk.length();
            }
        });
        request.endHandler(ended -> {
            if (context.response().ended()) {
                return;
            }
            synchronized (slot) {
                boolean last = slot.uploadOffset == slot.uploadLength;
                if (!last && (received[0] < MIN_CHUNK || received[0] % CHUNK_UNIT != 0)) {
                    slot.uploadOffset = start; // refused whole
                    answer(context, 400, slot).end("a chunk before the last must be at least 5 MiB, in multiples of 256 KiB");
                    return;
                }
                if (last && slot.uploaded == null) {
                    uploaded.accept(slot.uid);
                }
                answer(context, 204, slot).end();
            }
        });
        request.resume();
    }

    /** The upload the path names, or null when the request was answered already (unknown, expired, wrong version). */
    private FakeVideo slot(RoutingContext context) {
        FakeVideo slot = videos.get(context.pathParam("uid"));
        if (slot == null || slot.uploadLength < 0) {
            cors(context.response()).setStatusCode(404).end();
            return null;
        }
        if (!VERSION.equals(context.request().getHeader("Tus-Resumable"))) {
            cors(context.response()).putHeader("Tus-Version", VERSION).setStatusCode(412).end();
            return null;
        }
        if (slot.uploaded == null && slot.uploadExpiry != null && Instant.now().isAfter(slot.uploadExpiry)) {
            cors(context.response()).setStatusCode(410).end();
            return null;
        }
        return slot;
    }

    private static HttpServerResponse answer(RoutingContext context, int status, FakeVideo slot) {
        return cors(context.response()).setStatusCode(status).putHeader("Tus-Resumable", VERSION)
                .putHeader("Upload-Offset", Long.toString(slot.uploadOffset));
    }

    private static HttpServerResponse cors(HttpServerResponse response) {
        return response.putHeader("Access-Control-Allow-Origin", "*").putHeader("Access-Control-Expose-Headers", EXPOSED);
    }
}
