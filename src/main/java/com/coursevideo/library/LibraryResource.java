package com.coursevideo.library;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import com.coursevideo.access.Viewer;
import com.coursevideo.error.ErrorCode;
import com.coursevideo.error.VideoError;
import com.coursevideo.http.Created;
import com.coursevideo.video.CourseVideo;
import com.coursevideo.video.VideoAdoption;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

/** The Cloudflare library as a whole, for admins: reconciliation with the rows, adoption of orphans, storage. */
@Path("/api/admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Viewer.ADMIN)
public class LibraryResource {

    private final Reconciliation reconciliation;
    private final VideoAdoption adoption;
    private final StorageUsage usage;

    LibraryResource(Reconciliation reconciliation, VideoAdoption adoption, StorageUsage usage) {
        this.reconciliation = reconciliation;
        this.adoption = adoption;
        this.usage = usage;
    }

    @POST
    @Path("reconciliation")
    public Uni<ReconciliationReport> reconcile() {
        return reconciliation.run();
    }

    @GET
    @Path("reconciliation")
    public Uni<ReconciliationReport> lastReconciliation() {
        return reconciliation.last().onItem().ifNull()
                .failWith(() -> new VideoError(ErrorCode.NOT_FOUND, "no reconciliation has finished yet"));
    }

    @POST
    @Path("reconciliation/adopt")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<CourseVideo>> adopt(ObjectNode body) {
        return adoption.adopt(body).map(video -> Created.at("/api/videos/" + video.id(), video));
    }

    @GET
    @Path("usage")
    public Uni<StorageUsage.Report> usage() {
        return usage.report();
    }
}
