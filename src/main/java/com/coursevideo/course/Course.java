package com.coursevideo.course;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.vertx.mutiny.sqlclient.Row;

public record Course(UUID id, String title, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static final String COLUMNS = "id, title, created_at, updated_at";

    static Course from(Row row) {
        return new Course(row.getUUID("id"), row.getString("title"),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
    }
}
