package com.coursevideo.cloudflare;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The bodies the service sends Cloudflare Stream and reads back (besides {@link StreamVideo} and
 * {@link StreamCaption}), as Cloudflare's OpenAPI names their fields. Unknown fields are ignored:
 * Cloudflare adds fields over time.
 */
final class CloudflareAnswers {

    private CloudflareAnswers() {
    }

    /** Every answer: {@code success}, {@code errors}, and the {@code result} asked for. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Envelope<T>(@JsonProperty("success") Boolean success, @JsonProperty("errors") List<Message> errors,
            @JsonProperty("result") T result) {

        /** Cloudflare's first error, as {@code code: message}, for the log. */
        String firstError() {
            return errors == null || errors.isEmpty() ? "" : errors.get(0).code() + ": " + errors.get(0).message();
        }
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Message(@JsonProperty("code") Integer code, @JsonProperty("message") String message) {
    }

    /** {@code POST /stream/direct_upload}. */
    @RegisterForReflection
    record DirectUploadRequest(@JsonProperty("creator") String creator,
            @JsonProperty("maxDurationSeconds") int maxDurationSeconds,
            @JsonProperty("expiry") String expiry,
            @JsonProperty("requireSignedURLs") boolean requireSignedUrls,
            @JsonProperty("meta") Map<String, String> meta) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DirectUploadAnswer(@JsonProperty("uid") String uid, @JsonProperty("uploadURL") String uploadUrl) {
    }

    /** {@code POST /stream/{uid}}: the settings to change (null fields are left out, and left as they are). */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VideoUpdate(@JsonProperty("uid") String uid, @JsonProperty("requireSignedURLs") Boolean requireSignedUrls,
            @JsonProperty("thumbnailTimestampPct") Double thumbnailTimestampPct,
            @JsonProperty("allowedOrigins") List<String> allowedOrigins) {
    }

    /** {@code /stream/{uid}/downloads}: one entry per download type ({@code default} is the MP4). */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Downloads(@JsonProperty("default") Download mp4) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Download(@JsonProperty("status") String status, @JsonProperty("url") String url,
            @JsonProperty("percentComplete") Double percentComplete) {
    }

    /** {@code GET /stream/storage-usage}. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Storage(@JsonProperty("totalStorageMinutes") Long totalStorageMinutes,
            @JsonProperty("totalStorageMinutesLimit") Long totalStorageMinutesLimit,
            @JsonProperty("videoCount") Long videoCount) {
    }
}
