package com.coursevideo.video;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.coursevideo.http.constraint.CanonicalUuid;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The bodies of the batch operations, as the OpenAPI document describes them; a body malformed as a whole is refused whole. */
public final class BatchBodies {

    private static final String CREATES = "must be an array of 1 to " + VideoBatches.MAX_CREATES + " items";
    private static final String IDS = "must be an array of 1 to " + VideoBatches.MAX_IDS + " items";

    private BatchBodies() {
    }

    /** {@code POST /api/videos/batch}: each item is read on its own, so that an invalid one fails alone. */
    @RegisterForReflection
    public record Creates(
            @NotNull(message = CREATES) @Size(min = 1, max = VideoBatches.MAX_CREATES, message = CREATES)
            @JsonPropertyDescription("an array of 1 to " + VideoBatches.MAX_CREATES + " items") List<JsonNode> videos) {
    }

    /** {@code PATCH /api/videos/batch}. */
    @RegisterForReflection
    public record Updates(
            @NotNull(message = IDS) @Size(min = 1, max = VideoBatches.MAX_IDS, message = IDS)
            @JsonPropertyDescription("an array of 1 to " + VideoBatches.MAX_IDS + " items") List<@CanonicalUuid String> ids,
            @NotNull(message = "is required") @JsonPropertyDescription("a JSON object") ObjectNode set) {
    }

    /** {@code POST /api/videos/batch-delete}. */
    @RegisterForReflection
    public record Deletes(
            @NotNull(message = IDS) @Size(min = 1, max = VideoBatches.MAX_IDS, message = IDS)
            @JsonPropertyDescription("an array of 1 to " + VideoBatches.MAX_IDS + " items") List<@CanonicalUuid String> ids,
            Boolean deleteFromCloudflare) {
    }
}
