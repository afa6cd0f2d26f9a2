package com.coursevideo.video;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.coursevideo.access.Viewer;
import com.coursevideo.http.JsonBody;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

/**
 * Batch operations on videos, for admins: per-item results in input order ({@link VideoBatches}).
 * Rooted at {@code /api} as the other resources are: a root of {@code /api/videos} would win the
 * match for every {@code /api/videos/...} path and hide {@link VideoResource}'s.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Viewer.ADMIN)
public class VideoBatchResource {

    private final VideoBatches batches;

    VideoBatchResource(VideoBatches batches) {
        this.batches = batches;
    }

    @POST
    @Path("videos/batch")
    public Uni<VideoBatches.Answer> create(ObjectNode body) {
        return batches.create(JsonBody.of(body));
    }

    @PATCH
    @Path("videos/batch")
    public Uni<VideoBatches.Answer> update(ObjectNode body) {
        return batches.update(JsonBody.of(body));
    }

    @POST
    @Path("videos/batch-delete")
    public Uni<VideoBatches.Answer> delete(ObjectNode body) {
        return batches.delete(JsonBody.of(body));
    }
}
