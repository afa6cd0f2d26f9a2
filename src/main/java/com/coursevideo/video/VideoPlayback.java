package com.coursevideo.video;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code GET /api/videos/{id}/playback}: every CourseVideo field, plus what a player needs.
 *
 * @param downloadUrl the MP4 download, when the video is downloadable and Cloudflare has made it; else null
 */
@RegisterForReflection
public record VideoPlayback(
        @JsonUnwrapped CourseVideo video,
        CloudflareStatus cloudflareStatus,
        boolean isReady,
        PlaybackUrls playbackUrls,
        String thumbnailUrlGenerated,
        String downloadUrl) {

    /** Cloudflare's live state; null when Cloudflare could not be asked. */
    @RegisterForReflection
    public record CloudflareStatus(String state, Double pctComplete, String errorReasonCode, String errorReasonText) {
    }

    @RegisterForReflection
    public record PlaybackUrls(String hls, String dash) {
    }
}
