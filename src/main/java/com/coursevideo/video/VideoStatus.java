package com.coursevideo.video;

import java.util.Locale;

import com.coursevideo.error.VideoError;
import com.fasterxml.jackson.annotation.JsonValue;

/** A video's processing state, as PostgreSQL's {@code video_status} enum and the API spell it. */
public enum VideoStatus {
    QUEUED, INPROGRESS, READY, ERROR;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
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
