package com.coursevideo.caption;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.mutiny.sqlclient.Row;

/**
 * One language of a video's captions as recorded here; the WebVTT file lives at Cloudflare.
 *
 * @param status {@code inprogress} while Cloudflare generates it, then {@code ready} or {@code error}
 */
@RegisterForReflection
public record Caption(@JsonIgnore UUID videoId, String language, String label, boolean generated, String status,
        OffsetDateTime updatedAt) {

    public static final String COLUMNS = "video_id, language, label, generated, status, updated_at";

    public static final String IN_PROGRESS = "inprogress";
    public static final String READY = "ready";
    public static final String ERROR = "error";

    static Caption from(Row row) {
        return new Caption(row.getUUID("video_id"), row.getString("language"), row.getString("label"),
                row.getBoolean("generated"), row.getString("status"), row.getOffsetDateTime("updated_at"));
    }
}
