package com.coursevideo.cloudflare;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The parts of Cloudflare's video object the service uses (Cloudflare adds fields over time: others are ignored). */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record StreamVideo(
        @JsonProperty("uid") String uid,
        @JsonProperty("creator") String creator,
        @JsonProperty("created") Instant created,
        @JsonProperty("modified") Instant modified,
        @JsonProperty("readyToStream") Boolean readyToStream,
        @JsonProperty("status") Status status,
        @JsonProperty("duration") Double duration,
        @JsonProperty("thumbnail") String thumbnail,
        @JsonProperty("playback") Playback playback,
        @JsonProperty("requireSignedURLs") Boolean requireSignedUrls,
        @JsonProperty("meta") JsonNode meta,
        @JsonProperty("thumbnailTimestampPct") Double thumbnailTimestampPct,
        @JsonProperty("allowedOrigins") List<String> allowedOrigins) {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Status(
            @JsonProperty("state") String state,
            @JsonProperty("pctComplete") String pctComplete,
            @JsonProperty("errorReasonCode") String errorReasonCode,
            @JsonProperty("errorReasonText") String errorReasonText) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Playback(@JsonProperty("hls") String hls, @JsonProperty("dash") String dash) {
    }

    public String state() {
        return status == null ? null : status.state();
    }

    /** Cloudflare says the video is playable. */
    public boolean isReady() {
        return "ready".equals(state());
    }

    /** Cloudflare could not process the video. */
    public boolean isError() {
        return "error".equals(state());
    }

    /** {@code pctComplete} ("42.5") as the contract's integer 0–100, rounded down; 100 when ready; null when unknown. */
    public Integer progress() {
        if (isReady()) {
            return 100;
        }
        Double percent = pctComplete();
        return percent == null ? null : (int) Math.max(0, Math.min(100, Math.floor(percent)));
    }

    /** {@code pctComplete} as a number, or null when absent or not a number. */
    public Double pctComplete() {
        if (status == null || status.pctComplete() == null || status.pctComplete().isBlank()) {
            return null;
        }
        try {
            double percent = Double.parseDouble(status.pctComplete().strip());
            return Double.isFinite(percent) ? percent : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The contract keeps an error message from Cloudflare to this many characters. */
    public static final int MAX_ERROR_MESSAGE = 2000;

    /** Cloudflare says -1 while it does not know the duration yet. */
    public Double knownDuration() {
        return duration == null || duration < 0 ? null : duration;
    }

    /** Why Cloudflare could not process the video, at most {@link #MAX_ERROR_MESSAGE} characters. */
    public String errorMessage() {
        if (!isError() || status == null) {
            return null;
        }
        String code = blankToNull(status.errorReasonCode());
        String text = blankToNull(status.errorReasonText());
        if (code == null && text == null) {
            return "Cloudflare Stream could not process the video";
        }
        return cut(code == null ? text : text == null ? code : code + ": " + text);
    }

    /** Text from Cloudflare kept to {@link #MAX_ERROR_MESSAGE} characters (whole code points). */
    public static String cut(String text) {
        if (text == null || text.codePointCount(0, text.length()) <= MAX_ERROR_MESSAGE) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, MAX_ERROR_MESSAGE));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
