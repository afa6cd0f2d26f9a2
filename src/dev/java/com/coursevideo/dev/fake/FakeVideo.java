package com.coursevideo.dev.fake;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** One video in the fake's library, and how it moves through Cloudflare's states. */
final class FakeVideo {

    /** How long every ready fake video lasts, in seconds. */
    static final double READY_DURATION_SECONDS = 42.5;

    final String uid;
    final Instant created;
    final Integer maxDurationSeconds;
    final Instant uploadExpiry;
    boolean requireSignedUrls;
    Map<String, Object> meta;
    /** Cloudflare's {@code creator}: whoever the uploader said made it. */
    String creator = "course-video-service";
    Instant modified;
    /** When the bytes arrived; null while {@code pendingupload}. */
    Instant uploaded;
    /** A state set by a test; null: derived from the time since upload. */
    String pinnedState;
    String pinnedPct;
    String errorReasonCode;
    String errorReasonText;
    /** A tus upload's length in bytes; -1 for a video that was not made by tus. */
    long uploadLength = -1;
    /** How many of the tus upload's bytes have arrived. */
    long uploadOffset;
    /** Host names it may be embedded on; empty: any. */
    java.util.List<String> allowedOrigins = java.util.List.of();
    double thumbnailTimestampPct;
    /** When its default MP4 download was asked for; null: it has none. */
    Instant downloadRequested;
    /** By language. */
    final Map<String, FakeCaption> captions = new java.util.concurrent.ConcurrentHashMap<>();

    FakeVideo(String uid, Instant now, Integer maxDurationSeconds, Instant uploadExpiry, boolean requireSignedUrls,
            Map<String, Object> meta) {
        this.uid = uid;
        this.created = now;
        this.modified = now;
        this.maxDurationSeconds = maxDurationSeconds;
        this.uploadExpiry = uploadExpiry;
        this.requireSignedUrls = requireSignedUrls;
        this.meta = meta;
    }

    /** pendingupload → queued (first half of the processing time) → inprogress (0..100) → ready. */
    String state(Instant now, Duration processing) {
        if (pinnedState != null) {
            return pinnedState;
        }
        if (uploaded == null) {
            return "pendingupload";
        }
        long elapsed = Duration.between(uploaded, now).toMillis();
        long total = Math.max(1, processing.toMillis());
        if (elapsed < total / 2) {
            return "queued";
        }
        return elapsed < total ? "inprogress" : "ready";
    }

    String pctComplete(Instant now, Duration processing) {
        if (pinnedState != null) {
            return pinnedPct == null ? defaultPct(pinnedState) : pinnedPct;
        }
        String state = state(now, processing);
        if (!"inprogress".equals(state)) {
            return defaultPct(state);
        }
        long total = Math.max(1, processing.toMillis());
        long intoEncoding = Duration.between(uploaded, now).toMillis() - total / 2;
        return String.format(Locale.ROOT, "%.6f", Math.min(99.0, 200.0 * intoEncoding / total));
    }

    private static String defaultPct(String state) {
        return "ready".equals(state) ? "100.000000" : "0";
    }

    /** {@code /stream/{uid}/downloads}'s result: the default MP4, made over the processing time (none: empty). */
    JsonObject downloadsJson(Instant now, Duration processing, String deliveryBase) {
        JsonObject result = new JsonObject();
        if (downloadRequested != null) {
            long elapsed = Duration.between(downloadRequested, now).toMillis();
            long total = Math.max(1, processing.toMillis());
            result.put("default", new JsonObject()
                    .put("status", elapsed >= total ? "ready" : "inprogress")
                    .put("url", deliveryBase + "/" + uid + "/downloads/default.mp4")
                    .put("percentComplete", Math.min(100.0, 100.0 * elapsed / total)));
        }
        return result;
    }

    /** Cloudflare's video object (only fields that have a value: the OpenAPI declares none nullable). */
    JsonObject toJson(Instant now, Duration processing, String deliveryBase) {
        String state = state(now, processing);
        JsonObject status = new JsonObject().put("state", state).put("pctComplete", pctComplete(now, processing));
        if ("error".equals(state)) {
            status.put("errorReasonCode", errorReasonCode == null ? "ERR_UNKNOWN" : errorReasonCode)
                    .put("errorReasonText", errorReasonText == null ? "processing failed" : errorReasonText);
        } else {
            status.put("errorReasonCode", "").put("errorReasonText", "");
        }
        boolean ready = "ready".equals(state);
        JsonObject video = new JsonObject()
                .put("uid", uid)
                .put("creator", creator)
                .put("thumbnail", deliveryBase + "/" + uid + "/thumbnails/thumbnail.jpg")
                .put("thumbnailTimestampPct", thumbnailTimestampPct)
                .put("readyToStream", ready)
                .put("status", status)
                .put("meta", meta == null ? new JsonObject() : new JsonObject(meta))
                .put("created", created.toString())
                .put("modified", modified.toString())
                .put("size", uploaded == null ? 0 : uploadLength >= 0 ? uploadLength : 4_194_304)
                .put("preview", deliveryBase + "/" + uid + "/watch")
                .put("allowedOrigins", new JsonArray(allowedOrigins))
                .put("requireSignedURLs", requireSignedUrls)
                .put("duration", ready ? READY_DURATION_SECONDS : -1)
                .put("input", new JsonObject().put("width", uploaded == null ? -1 : 1920)
                        .put("height", uploaded == null ? -1 : 1080))
                .put("playback", new JsonObject()
                        .put("hls", deliveryBase + "/" + uid + "/manifest/video.m3u8")
                        .put("dash", deliveryBase + "/" + uid + "/manifest/video.mpd"));
        if (uploaded != null) {
            video.put("uploaded", uploaded.toString());
        }
        if (ready) {
            video.put("readyToStreamAt", uploaded.plus(processing).toString());
        }
        if (maxDurationSeconds != null) {
            video.put("maxDurationSeconds", maxDurationSeconds);
        }
        if (uploadExpiry != null) {
            video.put("uploadExpiry", uploadExpiry.toString());
        }
        return video;
    }
}
