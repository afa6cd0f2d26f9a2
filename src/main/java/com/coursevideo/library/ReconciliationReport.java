package com.coursevideo.library;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a reconciliation found: the contract's report, and how many orphaned upload slots it
 * queued for deletion.
 */
@RegisterForReflection
public record ReconciliationReport(OffsetDateTime startedAt, OffsetDateTime finishedAt, int cloudflareVideos,
        List<Orphan> orphans, List<UUID> missing, List<UUID> settingsDrift, int orphanSlotsDeleted) {

    /** A Cloudflare video no row references: its uid, when Cloudflare made it, and its {@code meta}. */
    @RegisterForReflection
    public record Orphan(String uid, OffsetDateTime created, JsonNode meta) {
    }
}
