package com.coursevideo.events;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.mutiny.sqlclient.Row;

/**
 * An endpoint of the course platform that receives events.
 *
 * @param secret only in the answer that made it (creation, rotation): never shown again
 * @param disabledReason why the service stopped delivering to it (it answered {@code 410}), or null
 */
@RegisterForReflection
public record Webhook(UUID id, String url, List<String> events, String description,
        @JsonInclude(JsonInclude.Include.NON_NULL) String secret, OffsetDateTime createdAt, boolean disabled,
        String disabledReason) {

    static final String COLUMNS = "id, url, events, description, created_at, disabled, disabled_reason";

    static Webhook from(Row row) {
        return new Webhook(row.getUUID("id"), row.getString("url"), Arrays.asList(row.getArrayOfStrings("events")),
                row.getString("description"), null, row.getOffsetDateTime("created_at"), row.getBoolean("disabled"),
                row.getString("disabled_reason"));
    }

    Webhook withSecret(String shown) {
        return new Webhook(id, url, events, description, shown, createdAt, disabled, disabledReason);
    }
}
