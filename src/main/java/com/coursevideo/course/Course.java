package com.coursevideo.course;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.vertx.mutiny.sqlclient.Row;

/** @param allowedOrigins host names its videos may be embedded on (empty: any) */
public record Course(UUID id, String title, List<String> allowedOrigins, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static final String COLUMNS = "id, title, allowed_origins, created_at, updated_at";

    static Course from(Row row) {
        return new Course(row.getUUID("id"), row.getString("title"), List.of(row.getArrayOfStrings("allowed_origins")),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
    }
}
