package com.coursevideo.video;

import java.util.Locale;

import com.coursevideo.error.VideoError;
import com.fasterxml.jackson.annotation.JsonValue;

/** A video's processing state, as PostgreSQL's {@code video_status} enum and the API spell it. */
public enum VideoStatus {
    QUEUED, INPROGRESS, READY, ERROR;

    /** Cloudflare is still working on it: queued or inprogress. */
    public boolean processing() {
        return this == QUEUED || this == INPROGRESS;
    }

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Cloudflare's {@code status.state} as the contract maps it: {@code pendingupload},
     * {@code downloading}, {@code queued} (and no state) → queued; {@code inprogress} (and
     * {@code live-inprogress}) → inprogress; ready; error.
     */
    static VideoStatus ofCloudflare(String state) {
        if (state == null) {
            return QUEUED;
        }
        return switch (state) {
            case "ready" -> READY;
            case "error" -> ERROR;
            case "inprogress", "live-inprogress" -> INPROGRESS;
            default -> QUEUED;
        };
    }

    /** A {@code video_status} value read from PostgreSQL. */
    static VideoStatus fromDatabase(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public static VideoStatus parse(String field, String value) {
        for (VideoStatus status : values()) {
            if (status.value().equals(value)) {
                return status;
            }
        }
        throw VideoError.invalidInput(field + " must be one of queued, inprogress, ready, error");
    }
}
