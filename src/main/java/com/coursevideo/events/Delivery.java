package com.coursevideo.events;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.mutiny.sqlclient.Row;

/**
 * One event's delivery to one endpoint, as its log shows it.
 *
 * @param status {@code pending} (being tried), {@code delivered}, or {@code failed} (given up, or the endpoint is gone)
 * @param lastStatus the HTTP status of the last answer; null before one, or when the last attempt got none
 * @param lastError what went wrong with the last attempt, or null
 * @param nextAttemptAt when it is tried next; null once delivered or failed
 */
@RegisterForReflection
public record Delivery(UUID id, UUID eventId, String type, String status, int attempts, Integer lastStatus,
        String lastError, OffsetDateTime nextAttemptAt, OffsetDateTime deliveredAt, OffsetDateTime createdAt) {

    static final String COLUMNS = "d.id, d.event_id, e.type, d.attempts, d.last_status, d.last_error, d.next_attempt_at,"
            + " d.delivered_at, d.failed_at, d.created_at";

    static Delivery from(Row row) {
        String status = row.getOffsetDateTime("delivered_at") != null ? "delivered"
                : row.getOffsetDateTime("failed_at") != null ? "failed" : "pending";
        return new Delivery(row.getUUID("id"), row.getUUID("event_id"), row.getString("type"), status,
                row.getInteger("attempts"), row.getInteger("last_status"), row.getString("last_error"),
                row.getOffsetDateTime("next_attempt_at"), row.getOffsetDateTime("delivered_at"),
                row.getOffsetDateTime("created_at"));
    }
}
