package com.coursevideo.video;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.coursevideo.access.Viewer;
import com.coursevideo.http.BodyProblems;

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
    public Uni<VideoBatches.Answer> create(@Valid BatchBodies.Creates body) {
        return batches.create(BodyProblems.required(body));
    }

    @PATCH
    @Path("videos/batch")
    public Uni<VideoBatches.Answer> update(@Valid BatchBodies.Updates body) {
        return batches.update(BodyProblems.required(body));
    }

    @POST
    @Path("videos/batch-delete")
    public Uni<VideoBatches.Answer> delete(@Valid BatchBodies.Deletes body) {
        return batches.delete(BodyProblems.required(body));
    }
}
